import django.db.models.deletion
import django.db.models.expressions
import hromada.budget.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "__first__"),
        ("core", "0002_ratelimit_window_end"),
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BudgetCycle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("slug", models.SlugField(max_length=60, verbose_name="short name")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("title_en", models.CharField(blank=True, max_length=200, verbose_name="title in English")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("submission_starts", models.DateTimeField(verbose_name="submission opens")),
                ("review_starts", models.DateTimeField(verbose_name="review starts (submission closes)")),
                (
                    "support_starts",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: no support (shortlist) phase.",
                        null=True,
                        verbose_name="support phase starts",
                    ),
                ),
                ("voting_starts", models.DateTimeField(verbose_name="voting opens")),
                ("voting_ends", models.DateTimeField(verbose_name="voting closes")),
                (
                    "implementation_starts",
                    models.DateTimeField(blank=True, null=True, verbose_name="implementation starts"),
                ),
                (
                    "rules_frozen_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="rules frozen"),
                ),
                (
                    "admitted_published_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="admitted list published"
                    ),
                ),
                (
                    "results_published_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="results published"
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
            ],
            options={
                "verbose_name": "budget cycle",
                "verbose_name_plural": "budget cycles",
                "ordering": ["-year", "-id"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("hromada", "slug"), name="budget_cycle_slug_unique"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("submission_starts__lt", models.F("review_starts")),
                            ("review_starts__lt", models.F("voting_starts")),
                            ("voting_starts__lt", models.F("voting_ends")),
                        ),
                        name="budget_cycle_phases_in_order",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("support_starts__isnull", True),
                            models.Q(
                                ("support_starts__gt", models.F("review_starts")),
                                ("support_starts__lt", models.F("voting_starts")),
                            ),
                            _connector="OR",
                        ),
                        name="budget_cycle_support_inside",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("implementation_starts__isnull", True),
                            ("implementation_starts__gte", models.F("voting_ends")),
                            _connector="OR",
                        ),
                        name="budget_cycle_implementation_after_voting",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="BudgetCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("key", models.SlugField(max_length=60, verbose_name="key")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("name_en", models.CharField(blank=True, max_length=200, verbose_name="name in English")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("general", "whole hromada"),
                            ("district", "district"),
                            ("topic", "topic"),
                            ("size", "small or large projects"),
                            ("school", "school budget"),
                        ],
                        default="general",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("amount", models.BigIntegerField(verbose_name="amount, kopiyky")),
                (
                    "min_cost",
                    models.BigIntegerField(
                        blank=True, null=True, verbose_name="minimum project cost, kopiyky"
                    ),
                ),
                (
                    "max_cost",
                    models.BigIntegerField(
                        blank=True, null=True, verbose_name="maximum project cost, kopiyky"
                    ),
                ),
                (
                    "max_winners",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="maximum winners"),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="territory.district",
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="budget.budgetcycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "budget category",
                "verbose_name_plural": "budget categories",
                "ordering": ["cycle", "position", "id"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("cycle", "key"), name="budget_category_key_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="budget_category_amount_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("min_cost__isnull", True), ("min_cost__gte", 0), _connector="OR"),
                            models.Q(
                                ("max_cost__isnull", True),
                                ("min_cost__isnull", True),
                                ("max_cost__gte", models.F("min_cost")),
                                _connector="OR",
                            ),
                        ),
                        name="budget_category_cost_limits",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Ballot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("web", "online (site)"),
                            ("api", "online (API)"),
                            ("paper", "paper ballot"),
                            ("cnap", "at ЦНАП"),
                        ],
                        max_length=10,
                        verbose_name="channel",
                    ),
                ),
                (
                    "identity_document",
                    models.CharField(blank=True, max_length=60, verbose_name="identity document checked"),
                ),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("rules_version", models.PositiveIntegerField(verbose_name="rules version")),
                ("receipt_id", models.BigIntegerField(blank=True, null=True, verbose_name="receipt")),
                ("cast_at", models.DateTimeField(verbose_name="cast")),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ballots",
                        to="budget.budgetcycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "ballot",
                "verbose_name_plural": "ballots",
                "ordering": ["cycle", "id"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("cycle", "voter"), name="ballot_one_per_voter"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("channel__in", ["web", "api"]),
                            models.Q(
                                ("entered_by__isnull", False),
                                models.Q(("identity_document", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="ballot_offline_entered_by_official",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="BudgetRules",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("total_amount", models.BigIntegerField(verbose_name="total budget, kopiyky")),
                (
                    "min_project_cost",
                    models.BigIntegerField(default=0, verbose_name="minimum project cost, kopiyky"),
                ),
                (
                    "max_project_cost",
                    models.BigIntegerField(
                        blank=True, null=True, verbose_name="maximum project cost, kopiyky"
                    ),
                ),
                (
                    "submit_min_age",
                    models.PositiveSmallIntegerField(default=16, verbose_name="minimum age to submit"),
                ),
                (
                    "vote_min_age",
                    models.PositiveSmallIntegerField(default=16, verbose_name="minimum age to vote"),
                ),
                ("submit_proofs", models.JSONField(default=list, verbose_name="accepted proofs to submit")),
                ("vote_proofs", models.JSONField(default=list, verbose_name="accepted proofs to vote")),
                (
                    "vote_min_level",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="3: identity verified.",
                        verbose_name="verification level to vote online",
                    ),
                ),
                (
                    "ballot_type",
                    models.CharField(
                        choices=[
                            ("approval", "approval (at most k projects)"),
                            ("cost_approval", "cost-limited approval (within the amount)"),
                            ("cumulative", "cumulative points"),
                            ("ordinal", "ranked (ordinal)"),
                        ],
                        default="approval",
                        max_length=20,
                        verbose_name="ballot type",
                    ),
                ),
                (
                    "min_choices",
                    models.PositiveSmallIntegerField(default=1, verbose_name="minimum projects on a ballot"),
                ),
                (
                    "max_choices",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty: no overall limit.",
                        null=True,
                        verbose_name="maximum projects on a ballot",
                    ),
                ),
                (
                    "max_choices_per_category",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="maximum projects per category"
                    ),
                ),
                (
                    "points_total",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="points per voter (cumulative)"
                    ),
                ),
                (
                    "max_points_per_project",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="maximum points per project"
                    ),
                ),
                (
                    "max_rank_length",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="maximum ranking length"
                    ),
                ),
                (
                    "counting_rule",
                    models.CharField(
                        choices=[
                            ("greedy", "greedy: by votes, skipping projects that no longer fit"),
                            ("greedy-no-skip", "greedy: by votes, stopping at the first that does not fit"),
                            ("mes", "Method of Equal Shares"),
                            ("mes-add1", "Method of Equal Shares with Add1 completion"),
                            ("phragmen", "sequential Phragmén"),
                        ],
                        default="greedy",
                        max_length=20,
                        verbose_name="counting rule",
                    ),
                ),
                (
                    "utility",
                    models.CharField(
                        choices=[
                            ("cost", "cost (default for approval)"),
                            ("cardinality", "cardinality (one per project)"),
                            ("points", "the points of the ballot"),
                        ],
                        default="cost",
                        max_length=20,
                        verbose_name="utility",
                    ),
                ),
                (
                    "tie_breaking",
                    models.CharField(
                        choices=[
                            ("project_id", "project number, compared as text (as pabutools)"),
                            ("lower_cost", "the cheaper project first, then the project number"),
                            ("higher_cost", "the more expensive project first, then the project number"),
                            ("more_votes", "the project with more supporters first, then the project number"),
                        ],
                        default="project_id",
                        max_length=20,
                        verbose_name="tie-breaking",
                    ),
                ),
                (
                    "ballot_change_allowed",
                    models.BooleanField(default=False, verbose_name="voters may change their ballot"),
                ),
                (
                    "support_threshold",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="signatures to reach the shortlist"
                    ),
                ),
                ("categories_snapshot", models.JSONField(default=list, editable=False)),
                (
                    "reason",
                    models.CharField(blank=True, max_length=500, verbose_name="reason for the change"),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rules_versions",
                        to="budget.budgetcycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "budget rules version",
                "verbose_name_plural": "budget rules versions",
                "ordering": ["cycle", "-version"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("cycle", "version"), name="budget_rules_version_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("total_amount__gt", 0)), name="budget_rules_total_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("min_project_cost__gte", 0),
                            models.Q(
                                ("max_project_cost__isnull", True),
                                ("max_project_cost__gte", models.F("min_project_cost")),
                                _connector="OR",
                            ),
                        ),
                        name="budget_rules_cost_limits",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("submit_min_age__gte", 14), ("vote_min_age__gte", 14)),
                        name="budget_rules_min_age",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("max_choices__isnull", True),
                            ("max_choices__gte", models.F("min_choices")),
                            _connector="OR",
                        ),
                        name="budget_rules_choices",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("ballot_type", "cumulative"), _negated=True),
                            ("points_total__gt", 0),
                            _connector="OR",
                        ),
                        name="budget_rules_cumulative_points",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CategoryResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("rules_version", models.PositiveIntegerField(verbose_name="rules version")),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("greedy", "greedy: by votes, skipping projects that no longer fit"),
                            ("greedy-no-skip", "greedy: by votes, stopping at the first that does not fit"),
                            ("mes", "Method of Equal Shares"),
                            ("mes-add1", "Method of Equal Shares with Add1 completion"),
                            ("phragmen", "sequential Phragmén"),
                        ],
                        max_length=20,
                        verbose_name="counting rule",
                    ),
                ),
                (
                    "utility",
                    models.CharField(
                        choices=[
                            ("cost", "cost (default for approval)"),
                            ("cardinality", "cardinality (one per project)"),
                            ("points", "the points of the ballot"),
                        ],
                        max_length=20,
                        verbose_name="utility",
                    ),
                ),
                ("budget", models.BigIntegerField(verbose_name="amount, kopiyky")),
                ("total_cost", models.BigIntegerField(verbose_name="cost of the winners, kopiyky")),
                ("voters", models.PositiveIntegerField(verbose_name="voters")),
                ("winners", models.JSONField(default=list)),
                ("ties", models.JSONField(default=list)),
                ("ties_note", models.TextField(blank=True, verbose_name="officials' note on the ties")),
                ("computed_at", models.DateTimeField(verbose_name="computed")),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="published")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="results",
                        to="budget.budgetcategory",
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="results",
                        to="budget.budgetcycle",
                    ),
                ),
                (
                    "ties_acknowledged_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "category result",
                "verbose_name_plural": "category results",
                "ordering": ["cycle", "category__position", "category_id"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("category",), name="budget_result_one_per_category"),
                    models.CheckConstraint(
                        condition=models.Q(("total_cost__lte", models.F("budget"))),
                        name="budget_result_within",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EligibilityProof",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("residence", "registered residence in the hromada"),
                            ("work", "works in the hromada"),
                            ("study", "studies in the hromada"),
                            ("property", "owns property in the hromada"),
                            ("displaced", "internally displaced person living in the hromada"),
                        ],
                        max_length=20,
                        verbose_name="proof",
                    ),
                ),
                ("document", models.CharField(blank=True, max_length=200, verbose_name="document shown")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "waiting for a check"),
                            ("accepted", "accepted"),
                            ("refused", "refused"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("checked_at", models.DateTimeField(blank=True, null=True, verbose_name="checked")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="reason")),
                (
                    "checked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "eligibility proof",
                "verbose_name_plural": "eligibility proofs",
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("hromada", "person", "kind"), name="budget_proof_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Project",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("number", models.PositiveIntegerField(verbose_name="number")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("summary", models.CharField(blank=True, max_length=500, verbose_name="summary")),
                ("description", models.TextField(verbose_name="description")),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                ("lat", models.FloatField(blank=True, null=True, verbose_name="latitude")),
                ("lon", models.FloatField(blank=True, null=True, verbose_name="longitude")),
                ("cost", models.BigIntegerField(default=0, verbose_name="cost, kopiyky")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("under_review", "under review"),
                            ("admitted", "admitted to the vote"),
                            ("rejected", "rejected"),
                            ("withdrawn", "withdrawn"),
                            ("appeal", "appeal pending"),
                            ("won", "won"),
                            ("lost", "not funded"),
                            ("implementing", "being implemented"),
                            ("done", "implemented"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("revision", models.PositiveIntegerField(default=1, verbose_name="revision")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="admitted or rejected"),
                ),
                ("decision_reason", models.TextField(blank=True, verbose_name="reason of the decision")),
                (
                    "withdrawn_reason",
                    models.CharField(blank=True, max_length=500, verbose_name="why withdrawn"),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress, %")),
                ("spent", models.BigIntegerField(default=0, verbose_name="money spent, kopiyky")),
                ("search_text", models.TextField(default="", editable=False)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="budget_projects",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="budget.budgetcategory",
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="budget.budgetcycle",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="territory.district",
                    ),
                ),
                (
                    "hromada",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.hromada",
                        verbose_name="hromada",
                    ),
                ),
            ],
            options={
                "verbose_name": "project",
                "verbose_name_plural": "projects",
                "ordering": ["cycle", "number"],
                "indexes": [models.Index(fields=["cycle", "status"], name="budget_project_by_status")],
                "constraints": [
                    models.UniqueConstraint(fields=("cycle", "number"), name="budget_project_number_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("cost__gte", 0), ("spent__gte", 0)), name="budget_project_money"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)), name="budget_project_progress"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("lat__isnull", True), ("lon__isnull", True)),
                            models.Q(
                                ("lat__gte", -90), ("lat__lte", 90), ("lon__gte", -180), ("lon__lte", 180)
                            ),
                            _connector="OR",
                        ),
                        name="budget_project_on_earth",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(blank=True, verbose_name="update")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due")),
                ("completed_on", models.DateField(blank=True, null=True, verbose_name="completed")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "planned"),
                            ("in_progress", "in progress"),
                            ("done", "done"),
                            ("delayed", "delayed"),
                        ],
                        default="planned",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="project progress, %")),
                ("spent", models.BigIntegerField(default=0, verbose_name="spent so far, kopiyky")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="milestones",
                        to="budget.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "milestone",
                "verbose_name_plural": "milestones",
                "ordering": ["project", "due_date", "id"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100), ("spent__gte", 0)),
                        name="budget_milestone_values",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CostLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="line")),
                ("item", models.CharField(max_length=300, verbose_name="item")),
                ("quantity", models.PositiveIntegerField(default=1, verbose_name="quantity")),
                ("unit_cost", models.BigIntegerField(verbose_name="unit cost, kopiyky")),
                ("amount", models.BigIntegerField(verbose_name="amount, kopiyky")),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cost_lines",
                        to="budget.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "cost line",
                "verbose_name_plural": "cost lines",
                "ordering": ["project", "position", "id"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("unit_cost__gte", 0),
                            ("quantity__gte", 1),
                            (
                                "amount",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("quantity"), "*", models.F("unit_cost")
                                ),
                            ),
                        ),
                        name="budget_cost_line_amount",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="BallotChoice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("points", models.PositiveIntegerField(default=1)),
                ("rank", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "ballot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="choices",
                        to="budget.ballot",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="budget.project"
                    ),
                ),
            ],
            options={
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("ballot", "project"), name="ballot_choice_once"),
                    models.UniqueConstraint(fields=("ballot", "rank"), name="ballot_rank_once"),
                    models.CheckConstraint(
                        condition=models.Q(("points__gte", 1)), name="ballot_choice_points_positive"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Appeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("text", models.TextField(verbose_name="grounds of the appeal")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "pending"),
                            ("upheld", "upheld: project admitted"),
                            ("dismissed", "dismissed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("decision_reason", models.TextField(blank=True, verbose_name="reasons of the decision")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appeals",
                        to="budget.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "appeal",
                "verbose_name_plural": "appeals",
                "ordering": ["-created_at", "-id"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("project",),
                        name="budget_one_pending_appeal",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProjectPhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "image",
                    models.FileField(upload_to=hromada.budget.models._photo_path, verbose_name="image"),
                ),
                ("width", models.PositiveIntegerField(blank=True, null=True)),
                ("height", models.PositiveIntegerField(blank=True, null=True)),
                ("caption", models.CharField(blank=True, max_length=300, verbose_name="caption")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "milestone",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="budget.milestone",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="budget.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "project photo",
                "verbose_name_plural": "project photos",
                "ordering": ["project", "position", "id"],
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="ProjectResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("votes", models.PositiveIntegerField(verbose_name="votes")),
                ("points", models.BigIntegerField(default=0, verbose_name="points")),
                ("won", models.BooleanField(verbose_name="won")),
                ("position", models.PositiveIntegerField(verbose_name="place")),
                ("explanation", models.TextField(blank=True, verbose_name="explanation")),
                ("details", models.JSONField(blank=True, default=dict)),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="budget.project"
                    ),
                ),
                (
                    "result",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="budget.categoryresult",
                    ),
                ),
            ],
            options={
                "ordering": ["result", "position"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("result", "project"), name="budget_project_result_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="Review",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("revision", models.PositiveIntegerField(verbose_name="project revision")),
                (
                    "criterion",
                    models.CharField(
                        choices=[
                            ("legality", "legality"),
                            ("competence", "within the council's competence"),
                            ("land", "land ownership"),
                            ("cost", "realistic cost"),
                            ("accessibility", "public accessibility of the result"),
                        ],
                        max_length=20,
                        verbose_name="criterion",
                    ),
                ),
                (
                    "conclusion",
                    models.CharField(
                        choices=[
                            ("positive", "meets the criterion"),
                            ("needs_revision", "needs a revision"),
                            ("negative", "does not meet the criterion"),
                        ],
                        max_length=20,
                        verbose_name="conclusion",
                    ),
                ),
                ("reasons", models.TextField(verbose_name="reasons")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="territory.department",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="budget.project",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "review",
                "verbose_name_plural": "reviews",
                "ordering": ["project", "-revision", "criterion"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "revision", "criterion"), name="budget_review_one_per_criterion"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Support",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="supports",
                        to="budget.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "support signature",
                "verbose_name_plural": "support signatures",
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("project", "person"), name="budget_support_once")
                ],
            },
        ),
    ]
