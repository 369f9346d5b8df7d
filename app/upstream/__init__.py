"""hrss / healthcare_security / treasury: the port, its values, and its signed HTTP client."""

from app.upstream.http_client import HttpUpstream
from app.upstream.interfaces import (
    Assessment,
    AssessmentLine,
    AssessmentRequest,
    BatchDebitWindow,
    Enrollment,
    PaidRecord,
    PersonCheck,
    PersonRef,
    PostingRecord,
    PostingRequest,
    PostingResult,
    PostingState,
    Upstream,
    UpstreamError,
    UpstreamRejected,
    UpstreamResultUnknown,
    UpstreamUnavailable,
)

__all__ = [
    "Assessment",
    "AssessmentLine",
    "AssessmentRequest",
    "BatchDebitWindow",
    "Enrollment",
    "HttpUpstream",
    "PaidRecord",
    "PersonCheck",
    "PersonRef",
    "PostingRecord",
    "PostingRequest",
    "PostingResult",
    "PostingState",
    "Upstream",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamResultUnknown",
    "UpstreamUnavailable",
]
