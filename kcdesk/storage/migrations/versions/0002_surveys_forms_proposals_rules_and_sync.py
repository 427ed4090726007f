"""surveys, forms, proposals, rules and sync

Form definitions and survey drafts; proposal places, sections, expected results and exact
budget lines (quantities and shares as scaled integers); support-cap rules and content
categories; sync keys, devices, packages and conflicts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:44:15.806905
"""

from __future__ import annotations

from collections.abc import Sequence

import uuid

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table('form_definition',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('fingerprint', sa.String(length=16), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_definition')),
    sa.UniqueConstraint('form_id', 'version', name=op.f('uq_form_definition_form_id'))
    )
    op.create_table('proposal_rule_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=True),
    sa.Column('province_name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('legal_reference', sa.String(length=300), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('loaded_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_rule_set')),
    sa.UniqueConstraint('key', name=op.f('uq_proposal_rule_set_key'))
    )
    op.create_table('survey_draft',
    sa.Column('survey_uuid', sa.String(length=36), nullable=False),
    sa.Column('facility_uuid', sa.String(length=36), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('survey_uuid', name=op.f('pk_survey_draft'))
    )
    op.create_table('sync_conflict_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=20), nullable=False),
    sa.Column('record_uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('origin_device', sa.String(length=32), nullable=False),
    sa.Column('device_name', sa.String(length=200), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('changed_at', sa.String(length=40), nullable=False),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict_version'))
    )
    with op.batch_alter_table('sync_conflict_version', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflict_version_record', ['record_kind', 'record_uuid'], unique=False)

    op.create_table('sync_enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('person_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=True),
    sa.Column('commune_codes', sa.JSON(), nullable=False),
    sa.Column('secret_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('kek_id', sa.String(length=64), nullable=False),
    sa.Column('province_device_id', sa.String(length=32), nullable=False),
    sa.Column('devices', sa.JSON(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_enrolment')),
    sa.UniqueConstraint('uuid', name=op.f('uq_sync_enrolment_uuid'))
    )
    op.create_table('sync_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('sign_public', sa.LargeBinary(length=32), nullable=False),
    sa.Column('box_public', sa.LargeBinary(length=32), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('sealed_private', sa.LargeBinary(), nullable=False),
    sa.Column('kek_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_key'))
    )
    op.create_table('sync_package',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('peer_device_id', sa.String(length=32), nullable=False),
    sa.Column('peer_name', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('counter_from', sa.BigInteger(), nullable=False),
    sa.Column('counter_to', sa.BigInteger(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_package')),
    sa.UniqueConstraint('package_id', name=op.f('uq_sync_package_package_id'))
    )
    with op.batch_alter_table('sync_package', schema=None) as batch_op:
        batch_op.create_index('ix_sync_package_peer', ['peer_device_id', 'direction'], unique=False)

    op.create_table('sync_peer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('person_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('centre_name', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=True),
    sa.Column('commune_codes', sa.JSON(), nullable=False),
    sa.Column('sign_public', sa.LargeBinary(length=32), nullable=False),
    sa.Column('box_public', sa.LargeBinary(length=32), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('enrolment_uuid', sa.String(length=36), nullable=False),
    sa.Column('predecessor', sa.String(length=32), nullable=False),
    sa.Column('acked_counter', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_package_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_peer')),
    sa.UniqueConstraint('device_id', name=op.f('uq_sync_peer_device_id'))
    )
    op.create_table('content_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_vi', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('legal_reference', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('rule_set_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['rule_set_id'], ['proposal_rule_set.id'], name=op.f('fk_content_category_rule_set_id_proposal_rule_set'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_category')),
    sa.UniqueConstraint('code', name=op.f('uq_content_category_code'))
    )
    op.create_table('proposal_cap_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule_set_id', sa.Integer(), nullable=False),
    sa.Column('category_code', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=True),
    sa.Column('max_percent', sa.BigInteger(), nullable=True),
    sa.Column('max_amount', sa.BigInteger(), nullable=True),
    sa.Column('min_counterpart_percent', sa.BigInteger(), nullable=True),
    sa.Column('basis', sa.String(length=16), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('legal_reference', sa.String(length=300), nullable=False),
    sa.Column('funding_sources', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['rule_set_id'], ['proposal_rule_set.id'], name=op.f('fk_proposal_cap_rule_rule_set_id_proposal_rule_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_cap_rule'))
    )
    with op.batch_alter_table('proposal_cap_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_cap_rule_category_code'), ['category_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_cap_rule_rule_set_id'), ['rule_set_id'], unique=False)

    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.create_index('ix_facility_alive_name', ['deleted', 'name_sort'], unique=False)

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('commune_scheme', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('commune_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=300), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('background', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('objectives', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('activities', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('expected_jobs', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expected_trainees', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expected_revenue', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('expected_other', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('total_amount', sa.BigInteger(), nullable=False, server_default=sa.text("0")))
        batch_op.add_column(sa.Column('other_amount', sa.BigInteger(), nullable=False, server_default=sa.text("0")))
        batch_op.add_column(sa.Column('created_by', sa.String(length=200), nullable=False, server_default=sa.text("''")))
        batch_op.create_index('ix_proposal_category', ['category_code'], unique=False)
        batch_op.create_index('ix_proposal_commune', ['commune_scheme', 'commune_code'], unique=False)

    # Quantities become exact integers of thousandths (2,5 -> 2500): scaled while still decimal,
    # so that the change of type copies whole numbers.
    op.execute('UPDATE proposal_budget_line SET quantity = ROUND(quantity * 1000)')
    with op.batch_alter_table('proposal_budget_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_percent', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('counterpart_percent', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('amount', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=300), nullable=False, server_default=sa.text("''")))
        batch_op.alter_column('quantity',
               existing_type=sa.NUMERIC(precision=18, scale=3),
               type_=sa.BigInteger(),
               existing_nullable=False,
               postgresql_using='ROUND(quantity)::bigint')
    op.execute('UPDATE proposal SET total_amount = support_amount + counterpart_amount')

    # Each lifecycle step gets its own id so that steps travel in sync packages.
    with op.batch_alter_table('proposal_status_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uuid', sa.String(length=36), nullable=True))
    steps = sa.table('proposal_status_change', sa.column('id', sa.Integer), sa.column('uuid', sa.String))
    for (step_id,) in bind.execute(sa.select(steps.c.id)).all():
        bind.execute(steps.update().where(steps.c.id == step_id).values(uuid=str(uuid.uuid4())))
    with op.batch_alter_table('proposal_status_change', schema=None) as batch_op:
        batch_op.alter_column('uuid', existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_proposal_status_change_uuid'), ['uuid'])



def downgrade() -> None:
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_index('ix_facility_alive_name')

    with op.batch_alter_table('proposal_status_change', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_proposal_status_change_uuid'), type_='unique')
        batch_op.drop_column('uuid')

    with op.batch_alter_table('proposal_budget_line', schema=None) as batch_op:
        batch_op.alter_column('quantity',
               existing_type=sa.BigInteger(),
               type_=sa.NUMERIC(precision=18, scale=3),
               existing_nullable=False)
        batch_op.drop_column('note')
        batch_op.drop_column('amount')
        batch_op.drop_column('counterpart_percent')
        batch_op.drop_column('support_percent')
    op.execute('UPDATE proposal_budget_line SET quantity = quantity / 1000.0')

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_commune')
        batch_op.drop_index('ix_proposal_category')
        batch_op.drop_column('created_by')
        batch_op.drop_column('other_amount')
        batch_op.drop_column('total_amount')
        batch_op.drop_column('expected_other')
        batch_op.drop_column('expected_revenue')
        batch_op.drop_column('expected_trainees')
        batch_op.drop_column('expected_jobs')
        batch_op.drop_column('activities')
        batch_op.drop_column('objectives')
        batch_op.drop_column('background')
        batch_op.drop_column('place')
        batch_op.drop_column('commune_code')
        batch_op.drop_column('commune_scheme')
        batch_op.drop_column('province_code')

    with op.batch_alter_table('proposal_cap_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_cap_rule_rule_set_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_cap_rule_category_code'))

    op.drop_table('proposal_cap_rule')
    op.drop_table('content_category')
    op.drop_table('sync_peer')
    with op.batch_alter_table('sync_package', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_package_peer')

    op.drop_table('sync_package')
    op.drop_table('sync_key')
    op.drop_table('sync_enrolment')
    with op.batch_alter_table('sync_conflict_version', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflict_version_record')

    op.drop_table('sync_conflict_version')
    op.drop_table('survey_draft')
    op.drop_table('proposal_rule_set')
    op.drop_table('form_definition')
