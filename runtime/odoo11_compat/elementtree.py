"""``Element.getchildren()`` / ``getiterator()`` (removed in 3.9, bpo-36543).

Odoo 11's web client is served its QWeb templates by
``web.controllers.main.concat_xml``, which calls ``getchildren()`` on
``xml.etree.ElementTree`` elements; without it ``/web/webclient/qweb`` answers
HTTP 500 and the browser shows "Template 'ActionManager' not found".
xlrd 1.2 (``.xlsx`` import in ``base_import``) calls ``getiterator()``.

The C accelerator's ``Element`` type is immutable, so the pure-Python
implementation that ships in the same module is selected instead (blocking
``_elementtree`` before the first import: the documented way the module falls
back) and the two methods are restored with their 3.8 definitions,
``list(self)`` and ``list(self.iter(tag))``. lxml, which Odoo uses for views
and reports, is not affected.
"""
import sys


def _getchildren(self):
    return list(self)


def _getiterator(self, tag=None):
    return list(self.iter(tag))


def patch():
    if 'xml.etree.ElementTree' not in sys.modules:
        sys.modules.setdefault('_elementtree', None)
    from xml.etree import ElementTree
    for cls in (ElementTree.Element, ElementTree.ElementTree):
        if not hasattr(cls, 'getiterator'):
            try:
                cls.getiterator = _getiterator
            except TypeError:
                # C type, ElementTree imported before us: nothing can be added.
                return
    if not hasattr(ElementTree.Element, 'getchildren'):
        ElementTree.Element.getchildren = _getchildren
