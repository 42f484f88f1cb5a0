"""Multi-process mode (``--workers N``): CPU-time limit of the workers.

``odoo.service.server.Worker.process_limit`` gives each worker, before every
request loop, a CPU-time limit of the CPU time it has used so far plus
``limit_time_cpu``: ``resource.setrlimit(RLIMIT_CPU, (cpu_time + limit, hard))``
where ``cpu_time = ru_utime + ru_stime`` is a float. Python up to 3.9
truncated a float passed for an integer argument (with a deprecation warning
since 3.8); since 3.10 it raises ``TypeError`` (bpo-37999). Every HTTP worker
then dies on start ("Worker (N) Exception occured, exiting..."), the master
forks new ones that die the same way, and the server never answers.

The patch gives ``odoo.service.server`` its own ``resource`` module whose
``setrlimit`` truncates the limits to integers, as Python did when Odoo 11 was
written; every other name is the standard module's. Nothing else in the
process sees a different ``resource``.
"""
import resource
import types


def setrlimit(which, limits):
    soft, hard = limits
    return resource.setrlimit(which, (int(soft), int(hard)))


def patch(module):
    shim = types.ModuleType('resource', resource.__doc__)
    shim.__dict__.update((k, v) for k, v in vars(resource).items() if not k.startswith('__'))
    shim.setrlimit = setrlimit
    module.resource = shim
