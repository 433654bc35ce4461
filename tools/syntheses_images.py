"""python -m tools.syntheses_images [--home DIR]: the README's two images of the Normandie 2021 synthesis, its first
page and its chart of the patients' profile, rendered from the PDF that `make run` wrote (pdfium, as the tests
look at a PDF page). Writes docs/images/synthese_normandie_2021_page1.png and synthese_normandie_2021_graphique.png.
"""

from __future__ import annotations

import argparse
import sys

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from piramig.publishing.syntheses import syntheses_root
from piramig.settings import REPO_ROOT, Settings

YEAR, REGION = 2021, "28"
IMAGES = REPO_ROOT / "docs" / "images"
SCALE = 1.25  # 96 dpi or so: an A4 page 744 pixels wide


def largest_image_page(document: pdfium.PdfDocument) -> int:
    """The page whose picture is the tallest: the patients' profile, a chart of a page on its own."""
    def tallest(page) -> float:
        boxes = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
        return max((top - bottom for _, bottom, _, top in boxes), default=0)

    return max(range(len(document)), key=lambda index: tallest(document[index]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="the home where `make run` published (default: $PIRAMIG_HOME, else var)")
    args = parser.parse_args(argv)
    settings = Settings.from_environment(home=args.home)
    pdf = syntheses_root(settings.home.published_dir) / str(YEAR) / f"{REGION}.pdf"
    if not pdf.exists():
        print(f"{pdf} introuvable : lancer d'abord make run", file=sys.stderr)
        return 2
    document = pdfium.PdfDocument(str(pdf))
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, index in (("page1", 0), ("graphique", largest_image_page(document))):
        target = IMAGES / f"synthese_normandie_{YEAR}_{name}.png"
        image = document[index].render(scale=SCALE).to_pil().convert("P", palette=1, colors=64)
        image.save(target, optimize=True)
        print(f"{target.relative_to(REPO_ROOT)} (page {index + 1})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
