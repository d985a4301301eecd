"""Every table that points at an account has a decision for when the account is erased."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from spoticlone.services.accounts import deletion_plan


def test_every_user_key_in_the_models_has_a_decision():
    assert deletion_plan.undecided() == [], (
        "a table points at user.id without an erasure decision: add it to "
        "services/accounts/deletion_plan.PLAN with the reason")


def test_no_decision_names_a_column_that_does_not_exist():
    existing = {(t.name, c) for t, c in deletion_plan.user_columns()}
    assert set(deletion_plan.PLAN) - existing == set()


def test_a_new_table_with_a_user_key_and_no_decision_is_caught(monkeypatch):
    from sqlmodel import SQLModel

    metadata = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("newfeature", metadata, Column("id", Integer, primary_key=True),
          Column("owner_id", Integer, ForeignKey("user.id", ondelete="CASCADE")))
    monkeypatch.setattr(deletion_plan.SQLModel, "metadata", metadata)

    assert deletion_plan.undecided() == ["newfeature.owner_id"]


def test_every_decision_gives_its_reason():
    for (table, column), decision in deletion_plan.PLAN.items():
        assert len(decision.why) > 10, f"{table}.{column}"
