from . import main
from . import station
