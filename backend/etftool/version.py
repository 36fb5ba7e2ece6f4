"""The release version, read from the VERSION file the image tags are made from too."""

from importlib.resources import files

__version__ = files("etftool").joinpath("VERSION").read_text().strip()
