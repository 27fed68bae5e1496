"""The lock plan of the whole project: which rows are locked in which order.

Two transactions that lock the same rows in different orders can deadlock, so
every service that takes row locks (``select_for_update``) takes them in the
order below, skipping the kinds it does not need, and several rows of one kind
by ascending pk. Each locking service names the step it is at with these
constants (``lock_plan.SETTLEMENT`` …); a new kind of lock is added here first.

    1. SETTLEMENT      settlements.Settlement           (by pk)
    2. ORDER           orders.Order                     (by pk)
    3. ORDER_LINE      orders.OrderLine                 (returns: the line asked back)
    4. RETURN_REQUEST  returns.ReturnRequest            (on that line, by pk)
    5. DISBURSEMENT    charity.Disbursement
    6. CREDIT_BALANCE  ledger.CreditBalance             (one row per member)
    7. FUND_BALANCE    ledger.FundBalance               (the single row)
    8. VARIANT         catalog.Variant                  (stock, by pk)
    9. STATEMENT_LINE  settlements.BankStatementLine    (by pk)

Who takes which (the rest of each list is skipped):

- confirming settlements (``settlements.confirm.settlements_confirm``, the one
  writer of a confirmed settlement): 1 → 2 → 7 → 9;
- creating a settlement: 2 → 6 (then inserts the settlement);
- rejecting, cancelling, expiring one: 1 → 6;
- an order's own moves: 2 → 8;
- a return decision: 3 → 4 → 6 → 8;
- paying a disbursement or a donation: 5 → 7;
- adding a product photo locks its ``catalog.Product`` alone (PRODUCT), a
  profile edit its ``community.Member`` alone (MEMBER); neither holds another
  lock, so they sit outside the money order.

Side effects that lock other rows — training's automatic ticks (enrollment,
then member) and notifications — never run inside these transactions: they are
sent after commit (``transaction.on_commit``), each in its own transaction,
so a failure there can never roll back or block a payment.
"""

SETTLEMENT = 1
ORDER = 2
ORDER_LINE = 3
RETURN_REQUEST = 4
DISBURSEMENT = 5
CREDIT_BALANCE = 6
FUND_BALANCE = 7
VARIANT = 8
STATEMENT_LINE = 9

# Inside training's own after-commit transactions (never in a money one).
TRAINING_ENROLLMENT = 10
TRAINING_MEMBER = 11
# Locked alone, never together with any row above.
PRODUCT = 20
MEMBER = 21
