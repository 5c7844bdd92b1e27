from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_hearing_attendance"),
    ]

    operations = [
        migrations.AddField(
            model_name="hearing",
            name="walk_ins",
            field=models.PositiveIntegerField(default=0, verbose_name="came without registration"),
        ),
        migrations.AddField(
            model_name="hearing",
            name="walk_in_names",
            field=models.TextField(blank=True, verbose_name="names of those who came without registration"),
        ),
        migrations.AddConstraint(
            model_name="hearing",
            constraint=models.CheckConstraint(
                condition=models.Q(("walk_in_names", ""), ("walk_ins__gt", 0), _connector="OR"),
                name="consultations_hearing_named_walk_ins_came",
            ),
        ),
    ]
