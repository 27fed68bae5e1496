"""Bind every stored statement line's fingerprint to its bank account.

A statement is linked to the community's ``BankAccount`` whose number (digits
only) is the one the file stated; the line fingerprints of a statement with a
known account number become ``sha256(old + "|account:" + digits)``: the same
step ``settlements.parsers.base.with_account`` applies at import, so a
re-upload of an old file still finds its lines. Statements without an account
number keep their fingerprints. Going back leaves the fingerprints as they are.
"""

import hashlib

from django.db import migrations


def _digits(text):
    return "".join(ch for ch in str(text or "") if ch.isdigit())[:40]


def _with_account(fingerprint, account):
    if not account:
        return fingerprint
    return hashlib.sha256(f"{fingerprint}|account:{account}".encode()).hexdigest()


def forwards(apps, schema_editor):
    BankAccount = apps.get_model("settlements", "BankAccount")
    BankStatement = apps.get_model("settlements", "BankStatement")
    BankStatementLine = apps.get_model("settlements", "BankStatementLine")
    accounts = {}
    for account in BankAccount.objects.order_by("pk"):
        accounts.setdefault(_digits(account.account_number), account)
    for statement in BankStatement.objects.order_by("pk").iterator():
        if statement.bank_account_id:
            key = _digits(statement.bank_account.account_number)
        else:
            key = _digits(statement.account)
            if key in accounts:
                statement.bank_account = accounts[key]
                statement.save(update_fields=["bank_account"])
        if not key:
            continue
        lines = list(
            BankStatementLine.objects.filter(statement=statement).only("fingerprint")
        )
        for line in lines:
            line.fingerprint = _with_account(line.fingerprint, key)
        BankStatementLine.objects.bulk_update(lines, ["fingerprint"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("settlements", "0003_statement_bank_account_cents_qris")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
