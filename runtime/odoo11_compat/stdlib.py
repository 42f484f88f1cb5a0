"""Standard-library names Odoo 11 uses that newer Pythons removed.

Each alias restores the exact object or an equivalent built on the
documented replacement, so callers see the behaviour they had on 3.6.
"""
import base64
import collections
import collections.abc
import inspect


def _patch_collections():
    """``collections.Iterable``, ``Mapping``, ... (removed in 3.10, bpo-37324).

    The ABCs moved to ``collections.abc`` in 3.3; the old names were only
    deprecated aliases of the very same classes, so re-adding them restores
    identical objects.
    """
    for name in collections.abc.__all__:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))


ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')


def getargspec(func):
    """``inspect.getargspec`` (removed in 3.11, bpo-45320).

    Same contract as the 3.10 implementation: built on ``getfullargspec`` and
    refusing functions with keyword-only arguments or annotations, which the
    old API could not represent.
    """
    spec = inspect.getfullargspec(func)
    if spec.kwonlyargs or spec.annotations:
        raise ValueError("Function has keyword-only parameters or annotations"
                         ", use inspect.signature() API which can support them")
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def formatargspec(args, varargs=None, varkw=None, defaults=None,
                  kwonlyargs=(), kwonlydefaults=None, annotations=None,
                  formatarg=str,
                  formatvarargs=lambda name: '*' + name,
                  formatvarkw=lambda name: '**' + name,
                  formatvalue=lambda value: '=' + repr(value),
                  formatreturns=lambda text: ' -> ' + text,
                  formatannotation=inspect.formatannotation):
    """``inspect.formatargspec`` (removed in 3.11, bpo-45320).

    The 3.10 implementation, unchanged. Odoo 11 uses it (``odoo.api``,
    ``odoo.tools.func``) to build the signatures of generated wrappers.
    """
    kwonlydefaults = kwonlydefaults or {}
    annotations = annotations or {}

    def formatargandannotation(arg):
        result = formatarg(arg)
        if arg in annotations:
            result += ': ' + formatannotation(annotations[arg])
        return result
    specs = []
    if defaults:
        firstdefault = len(args) - len(defaults)
    for i, arg in enumerate(args):
        spec = formatargandannotation(arg)
        if defaults and i >= firstdefault:
            spec = spec + formatvalue(defaults[i - firstdefault])
        specs.append(spec)
    if varargs is not None:
        specs.append(formatvarargs(formatargandannotation(varargs)))
    elif kwonlyargs:
        specs.append('*')
    for kwonlyarg in kwonlyargs or ():
        spec = formatargandannotation(kwonlyarg)
        if kwonlyarg in kwonlydefaults:
            spec += formatvalue(kwonlydefaults[kwonlyarg])
        specs.append(spec)
    if varkw is not None:
        specs.append(formatvarkw(formatargandannotation(varkw)))
    result = '(' + ', '.join(specs) + ')'
    if 'return' in annotations:
        result += formatreturns(formatannotation(annotations['return']))
    return result


def _patch_inspect():
    if not hasattr(inspect, 'getargspec'):
        inspect.ArgSpec = ArgSpec
        inspect.getargspec = getargspec
    if not hasattr(inspect, 'formatargspec'):
        inspect.formatargspec = formatargspec


def _patch_base64():
    """``base64.encodestring``/``decodestring`` (removed in 3.9, bpo-39351).

    They were deprecated aliases of ``encodebytes``/``decodebytes`` since 3.1.
    """
    if not hasattr(base64, 'encodestring'):
        base64.encodestring = base64.encodebytes
    if not hasattr(base64, 'decodestring'):
        base64.decodestring = base64.decodebytes


def patch():
    _patch_collections()
    _patch_inspect()
    _patch_base64()
