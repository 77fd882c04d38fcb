"""Relevance figures: MRR@10 and recall@10 per query category on a throwaway index."""

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from search.engines import ENGINE_NAMES, SearchEngineError
from search.evaluation import CUTOFF, EvaluationInputError, evaluate


class Command(BaseCommand):
    help = "Load a relevance set (interchange JSONL + queries JSONL) into a fresh index and print MRR@10 and recall@10."

    def add_arguments(self, parser):
        parser.add_argument("corpus", help="documents in the interchange format (JSON Lines)")
        parser.add_argument("queries", help='queries: {"id", "category", "q", "relevant": [document ids]} per line')
        parser.add_argument("--engine", choices=ENGINE_NAMES, default="database")
        parser.add_argument("--verbose-queries", action="store_true", help="print each query's rank and top results")

    def handle(self, *args, **options):
        try:
            summary, outcomes = evaluate(options["corpus"], options["queries"], options["engine"], progress=tqdm)
        except (OSError, EvaluationInputError) as error:
            raise CommandError(str(error))
        except SearchEngineError as error:
            raise CommandError(f"The {options['engine']} engine failed: {error}")
        if options["verbose_queries"]:
            for outcome in outcomes:
                self.stdout.write(
                    f"{outcome.query_id:>6} {outcome.category:<14} rank={outcome.rank or '-':<3} "
                    f"{outcome.q!r} -> {', '.join(outcome.top[:5])}"
                )
        self.stdout.write(f"engine: {options['engine']}")
        self.stdout.write(f"{'category':<16}{'queries':>8}{f'MRR@{CUTOFF}':>10}{f'recall@{CUTOFF}':>12}")
        for category, figures in summary.items():
            self.stdout.write(f"{category:<16}{figures['queries']:>8}{figures['mrr']:>10.3f}{figures['recall']:>12.3f}")
