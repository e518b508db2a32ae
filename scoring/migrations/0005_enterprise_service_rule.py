"""The enterprise-service rule (issue 15 item 6): every existing policy version gets the default
figures (−1 per overdue request, +2 for a satisfied share of at least 90% of at least 3 ratings)."""

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0004_challenge_chain_as_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='scoringpolicy',
            name='request_min_rated',
            field=models.PositiveSmallIntegerField(default=3, verbose_name='rated requests needed before the satisfied share counts'),
        ),
        migrations.AddField(
            model_name='scoringpolicy',
            name='request_overdue',
            field=models.DecimalField(decimal_places=2, default=-1, max_digits=8, verbose_name='per enterprise request overdue'),
        ),
        migrations.AddField(
            model_name='scoringpolicy',
            name='request_satisfied',
            field=models.DecimalField(decimal_places=2, default=2, max_digits=8, verbose_name='satisfied share of enterprise requests met'),
        ),
        migrations.AddField(
            model_name='scoringpolicy',
            name='request_satisfied_percent',
            field=models.DecimalField(decimal_places=2, default=90, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='satisfied share to meet (%)'),
        ),
    ]
