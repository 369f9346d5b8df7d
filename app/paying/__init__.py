"""The payer's journeys that span features (the application services the mini-program's handlers
call): checkout, declaring with one's set amount, voiding, 查验状态, revoking an agreement, and
what a payer may see of a declaration or a payment. The features below it (declarations,
agreements, payments, refunds) never import it."""

from app.paying.batch_lists import finish_list, finish_lists, issue, issue_due
from app.paying.checkout import PayingWith, checkout, create_batch_payment, payment_gates
from app.paying.journeys import declare, preview_assessment, refresh_payment, revoke_agreement, void_declaration
from app.paying.views import DeclarationStatus, PaymentStatus, declaration_status, payment_status

__all__ = [
    "DeclarationStatus",
    "PayingWith",
    "PaymentStatus",
    "checkout",
    "create_batch_payment",
    "declaration_status",
    "declare",
    "finish_list",
    "finish_lists",
    "issue",
    "issue_due",
    "payment_gates",
    "payment_status",
    "preview_assessment",
    "refresh_payment",
    "revoke_agreement",
    "void_declaration",
]
