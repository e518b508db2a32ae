from .policy import ClockPolicy
from .request import (
    EnterpriseAccount,
    ProjectDeputy,
    RequestAssignment,
    RequestAttachment,
    RequestExtension,
    RequestPause,
    ServiceRequest,
)

__all__ = [
    "ClockPolicy",
    "EnterpriseAccount",
    "ProjectDeputy",
    "RequestAssignment",
    "RequestAttachment",
    "RequestExtension",
    "RequestPause",
    "ServiceRequest",
]
