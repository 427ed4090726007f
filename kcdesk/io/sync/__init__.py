"""Sync packages (``*.kcsync``): signed, encrypted, strictly checked zip files.

See ``docs/sync-format.md``. Public API::

    DeviceKeys.generate() / .seal(kek) / DeviceKeys.unseal(sealed, kek) / .public.fingerprint
    PackageWriter(path, keys=..., sender=Party(...), kind=..., receiver=Party(..., keys=...))
    PackageReader(path) → .manifest, .sender_keys, .check_receiver(keys), .verify(keys),
                          .records(keys), .blobs(keys)
    PackageError (``code``, Vietnamese and English messages), NewerFormatError, Limits
"""

from kcdesk.io.sync.errors import NewerFormatError, PackageError
from kcdesk.io.sync.keys import (
    DeviceKeys,
    PublicKeys,
    check_enrolment_proof,
    enrolment_proof,
    fingerprint,
)
from kcdesk.io.sync.limits import DEFAULT_LIMITS, Limits
from kcdesk.io.sync.manifest import Manifest, Member, Party
from kcdesk.io.sync.reader import Blob, PackageReader, open_package
from kcdesk.io.sync.safezip import FORMAT_VERSION
from kcdesk.io.sync.writer import PackageWriter

__all__ = [
    "DEFAULT_LIMITS",
    "FORMAT_VERSION",
    "Blob",
    "DeviceKeys",
    "Limits",
    "Manifest",
    "Member",
    "NewerFormatError",
    "PackageError",
    "PackageReader",
    "PackageWriter",
    "Party",
    "PublicKeys",
    "check_enrolment_proof",
    "enrolment_proof",
    "fingerprint",
    "open_package",
]
