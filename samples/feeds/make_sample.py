"""Writes the sample source feed (README "Source-feed import"): taobao-sample.csv,
the same rows as taobao-sample.json, and taobao-sample-images.zip with one or
two small real photos per row, referenced by file name.

    .venv/bin/python samples/feeds/make_sample.py
"""

import csv
import io
import json
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
COLUMNS = ["source_id", "title", "description", "category", "attributes", "price_cny", "weight_g", "stock",
           "images", "variants", "lot_size", "tiers", "length_cm", "width_cm", "height_cm"]  # fmt: skip

# The rows, as data: source_id, title, description, category, attributes, price_cny, weight_g,
# stock, variants, lot_size, tiers (packed cells as in the CSV), dims_cm, colour (of the photos).
ROWS = json.loads((HERE / "sample_rows.json").read_text(encoding="utf-8"))["rows"]


def photo(colour, seed: int, fmt: str) -> bytes:
    image = Image.new("RGB", (320, 320), (244, 242, 238))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((40, 40, 280, 280), radius=24 + seed % 30, fill=colour)
    draw.ellipse((110 + seed % 40, 100, 210 + seed % 40, 200), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"quality": 80} if fmt == "JPEG" else {"optimize": True}))
    return buffer.getvalue()


def main() -> None:
    csv_rows, json_rows = [], []
    with zipfile.ZipFile(HERE / "taobao-sample-images.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for n, data in enumerate(ROWS):
            sid = data["source_id"]
            names = [f"{sid.lower()}-1.jpg"] + ([f"{sid.lower()}-2.png"] if n % 3 == 0 else [])
            for k, name in enumerate(names):
                image = photo(tuple(data["colour"]), n * 7 + k, "PNG" if name.endswith(".png") else "JPEG")
                archive.writestr(f"images/{name}", image)
            length, width, height = data["dims_cm"]
            values = {**data, "images": ";".join(names), "length_cm": length, "width_cm": width, "height_cm": height}
            row = {key: values[key] for key in COLUMNS}
            csv_rows.append(row)
            json_rows.append(to_json(row))
    with open(HERE / "taobao-sample.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows)
    (HERE / "taobao-sample.json").write_text(json.dumps(json_rows, ensure_ascii=False, indent=1) + "\n")


def to_json(row: dict) -> dict:
    """The JSON spelling of a row: objects and lists instead of packed cells."""
    item = {k: v for k, v in row.items() if v not in ("", None)}
    item["attributes"] = dict(pair.split(":", 1) for pair in row["attributes"].split(";"))
    item["images"] = row["images"].split(";")
    if row["variants"]:
        item["variants"] = []
        for entry in row["variants"].split(";"):
            sku, options, stock, price = entry.split("|")
            variant = {"sku": sku, "options": dict(o.split("=") for o in options.split(",")), "stock": int(stock)}
            if price:
                variant["price_cny"] = price
            item["variants"].append(variant)
    if row["tiers"]:
        item["tiers"] = []
        for entry in row["tiers"].split(";"):
            lots, price = entry.split(":")
            low, _, high = lots.rstrip("+").partition("-")
            item["tiers"].append({"min_lots": int(low), "max_lots": int(high) if high else None, "price_cny": price})
    return item


if __name__ == "__main__":
    main()
