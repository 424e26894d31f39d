"""pyproject.toml names the same pinned dependencies as requirements.txt (which setup.sh installs)."""
import os
import tomllib

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_pyproject_pins_are_requirements_txt_pins():
    with open(os.path.join(HERE, "pyproject.toml"), "rb") as f:
        project = tomllib.load(f)["project"]
    with open(os.path.join(HERE, "requirements.txt")) as f:
        pins = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    assert set(project["dependencies"]) | set(project["optional-dependencies"]["test"]) == pins
