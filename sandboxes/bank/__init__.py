"""The bank gateway sandbox (the protocol: `sandboxes.bank.sandbox`)."""

from sandboxes.bank.sandbox import BankSandbox, answer_message, create_bank_blueprint, generate_keys, request_message

__all__ = ["BankSandbox", "answer_message", "create_bank_blueprint", "generate_keys", "request_message"]
