from django.db import migrations


class Migration(migrations.Migration):
    """A matrix row is an option positioned after ROW_POSITIONS: the stored flag (and the constraint that
    kept it in step with the position) said nothing the position does not."""

    dependencies = [
        ("consultations", "0003_public_hearings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="option",
            name="consultations_option_row_positions",
        ),
        migrations.RemoveField(
            model_name="option",
            name="is_row",
        ),
    ]
