"""benchmarks/html_page_classes.py compares like with like: its pages with per-page class values read as the
bench's template page of the same article (the same Article), and their class values do change from page to page."""
import importlib.util
import re
from pathlib import Path

import pytest

from marsad.bench import news_page
from marsad.io.html_pages import article_from_html

SPEC = importlib.util.spec_from_file_location(
    "html_page_classes", Path(__file__).resolve().parents[1] / "benchmarks" / "html_page_classes.py")
BENCH = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(BENCH)

TEXT = ("قتل خمسة مدنيين في غارة جوية على مدينة حلب أمس، بحسب المرصد السوري لحقوق الإنسان.\n"
        "وقالت مصادر محلية إن الغارة استهدفت سوقا شعبيا في حي الشعار شرق المدينة، وإن فرق الدفاع المدني "
        "ما زالت تبحث عن ناجين تحت الأنقاض.")


@pytest.mark.parametrize("number", [0, 1, 57])
def test_page_with_classes_reads_as_the_template_page(number):
    page = BENCH.page_with_classes(number, "غارة على حلب", TEXT, "2018-04-10")
    assert article_from_html(page, article_id="x") == article_from_html(
        news_page("غارة على حلب", TEXT, "2018-04-10"), article_id="x")


def test_class_values_change_from_page_to_page():
    def classes(page):
        return set(re.findall(r'class="([^"]*)"', page))

    first, second = (BENCH.page_with_classes(k, "عنوان", TEXT) for k in (1, 2))
    assert len(classes(first) - classes(second)) >= 80  # (60 menu items and 20 related posts)
