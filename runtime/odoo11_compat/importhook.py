"""Apply a patch to a module right after it is first imported.

A meta-path finder that claims nothing itself: for the watched names it asks
the other finders for the spec, then wraps the loader so the patch runs right
after the module's code, before anyone else can use it.
"""
import importlib
import importlib.abc
import sys


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)

    def __getattr__(self, name):
        # get_source(), get_filename()... for tracebacks and linecache.
        return getattr(self._loader, name)


def _resolve(target):
    modname, funcname = target.split(':')
    return getattr(importlib.import_module(modname), funcname)


class PostImportFinder(importlib.abc.MetaPathFinder):
    def __init__(self, patches):
        self.patches = dict(patches)

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.patches:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, 'exec_module'):
            return spec
        spec.loader = _PatchingLoader(spec.loader, _resolve(self.patches[fullname]))
        return spec


def register(patches):
    for name, target in patches.items():
        if name in sys.modules:
            # Imported before we could hook it (should not happen: the .pth
            # runs first); patch in place rather than silently not at all.
            _resolve(target)(sys.modules[name])
    if not any(isinstance(f, PostImportFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, PostImportFinder(patches))
