"""Who pays: sign-in, sessions, real-name binding checked with upstream (and a face where asked)."""

from app.identity.accounts import channel_account
from app.identity.errors import FaceVerificationRequired, IdTypeNotOffered, RegionUnknown
from app.identity.id_numbers import mask_id_number
from app.identity.models import User
from app.identity.names import normalise_name
from app.identity.services import authenticate, bind_real_name, caller, require_bound, sign_in, sign_out
from app.identity.verification import check_person, confirm_face, start_face_verification, verify_person

__all__ = [
    "FaceVerificationRequired",
    "IdTypeNotOffered",
    "RegionUnknown",
    "User",
    "authenticate",
    "bind_real_name",
    "caller",
    "channel_account",
    "check_person",
    "confirm_face",
    "mask_id_number",
    "normalise_name",
    "require_bound",
    "sign_in",
    "sign_out",
    "start_face_verification",
    "verify_person",
]
