from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.libreoffice import LibreOffice


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    """A headless LibreOffice with a private profile that recalculates on load."""
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path
