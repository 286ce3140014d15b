"""Writes the sample Taobao Assistant (淘宝助理) data packet (README "Taobao Assistant
data packets"): taobao-packet.zip holding taobao-packet.csv (UTF-16LE with a BOM,
tab-separated, `version 1.00`, the English then the Chinese field names) and the
picture folder taobao-packet/ of .tbi files (JPEG bytes), zipped the way sellers
zip what the tool exported.

The items are the first rows of the sample feed (sample_rows.json) as the tool
writes them: colours and sizes as property and value ids (standard value ids
where Taobao has one, the seller's own custom values with negative ids
otherwise, and a propAlias renaming one colour), the category as a Taobao
category id (one of them not in Caravan's mapping, so its draft is flagged
"check the category"), main pictures and colour pictures, the weight in kg.

    .venv/bin/python samples/feeds/make_packet.py
"""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
NAME = "taobao-packet"
DATA = json.loads((HERE.parents[1] / "listings" / "data" / "taobao_packet.json").read_text(encoding="utf-8"))
SOURCE_PATHS = json.loads((HERE.parents[1] / "listings" / "data" / "source_categories.json").read_text())["categories"]
UNKNOWN_CID = "50099001"  # not in the mapping: the draft's category is suggested and flagged
UNKNOWN_FOR = "TB-1005"
# The first twelve sample rows whose category has a Taobao id in the mapping, and the one that will not.
ROWS = [
    row
    for row in json.loads((HERE / "sample_rows.json").read_text(encoding="utf-8"))["rows"]
    if SOURCE_PATHS[row["category"]] in DATA["cids"].values() or row["source_id"] == UNKNOWN_FOR
][:12]

# The tool's fields (line 2) and their Chinese names (line 3), in its order.
FIELDS = [
    ("title", "宝贝名称"), ("cid", "宝贝类目"), ("seller_cids", "店铺类目"), ("stuff_status", "新旧程度"),
    ("location_state", "省"), ("location_city", "城市"), ("item_type", "出售方式"), ("price", "宝贝价格"),
    ("auction_increment", "加价幅度"), ("num", "宝贝数量"), ("valid_thru", "有效期"), ("freight_payer", "运费承担"),
    ("post_fee", "平邮"), ("ems_fee", "EMS"), ("express_fee", "快递"), ("has_invoice", "发票"),
    ("has_warranty", "保修"), ("approve_status", "放入仓库"), ("has_showcase", "橱窗推荐"), ("list_time", "开始时间"),
    ("description", "宝贝描述"), ("cateProps", "宝贝属性"), ("postage_id", "邮费模版ID"), ("has_discount", "会员打折"),
    ("modified", "修改时间"), ("upload_fail_msg", "上传状态"), ("picture_status", "图片状态"),
    ("auction_point", "返点比例"), ("picture", "新图片"), ("video", "视频"), ("skuProps", "销售属性组合"),
    ("inputPids", "用户输入ID串"), ("inputValues", "用户输入名-值对"), ("outer_id", "商家编码"),
    ("propAlias", "销售属性别名"), ("auto_fill", "代充类型"), ("num_id", "数字ID"), ("local_cid", "本地ID"),
    ("navigation_type", "宝贝分类"), ("user_name", "账户名称"), ("syncStatus", "宝贝状态"),
    ("is_lighting_consigment", "闪电发货"), ("is_xinpin", "新品"), ("foodparame", "食品专项"), ("features", "尺码库"),
    ("buyareatype", "采购地"), ("global_stock_type", "库存类型"), ("global_stock_country", "国家地区"),
    ("sub_stock_type", "库存计数"), ("item_size", "物流体积"), ("item_weight", "物流重量"),
    ("sell_promise", "退换货承诺"), ("custom_design_flag", "定制工具"), ("wireless_desc", "无线详情"),
    ("barcode", "商品条形码"), ("sku_barcode", "sku 条形码"), ("newprepay", "7天退货"), ("subtitle", "宝贝卖点"),
    ("cpv_memo", "属性值备注"), ("input_custom_cpv", "自定义属性值"), ("qualification", "商品资质"),
    ("add_qualification", "增加商品资质"), ("o2o_bind_service", "关联线下服务"),
]  # fmt: skip
COLOUR, SIZE, SHOE_SIZE = "1627207", "20509", "20549"
STAMP = (2026, 1, 1, 0, 0, 0)  # fixed dates in the zip: regenerating writes the same bytes


def photo(colour, seed: int) -> bytes:
    image = Image.new("RGB", (320, 320), (244, 242, 238))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((40, 40, 280, 280), radius=24 + seed % 30, fill=tuple(colour))
    draw.ellipse((110 + seed % 40, 100, 210 + seed % 40, 200), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def picture_name(seed: str) -> str:
    return hashlib.md5(seed.encode()).hexdigest()  # the tool names pictures by a hash  # noqa: S324


def packet_item(row: dict, n: int, pictures: dict[str, bytes]) -> dict:
    """One sample_rows.json row as the tool writes it."""
    sid = row["source_id"]
    slug = SOURCE_PATHS[row["category"]]
    cid = next((c for c, s in DATA["cids"].items() if s == slug), UNKNOWN_CID)
    if sid == UNKNOWN_FOR:
        cid = UNKNOWN_CID
    standard = {pid: {name: vid for vid, name in prop["values"].items()} for pid, prop in DATA["properties"].items()}
    custom: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], str] = {}
    sku_props, colours = [], {}
    for entry in filter(None, row["variants"].split(";")):
        code, options, stock, price = entry.split("|")
        pairs = []
        for option in options.split(","):
            name, value = option.split("=")
            pid = COLOUR if name == "颜色" else SHOE_SIZE if slug.endswith("shoes") else SIZE
            vid = standard[pid].get(value)
            if vid is None:  # the seller's own value: a negative id, named in input_custom_cpv
                known = {v: k for k, v in custom.items() if k[0] == pid}
                vid = known.get(value) or str(-1001 - sum(1 for k in custom if k[0] == pid))
                custom[(pid, vid)] = value
            pairs.append(f"{pid}:{vid}")
            if pid == COLOUR:
                colours.setdefault(vid, value)
        sku_props.append(f"{price or row['price_cny']}:{stock}:{code}:{';'.join(pairs)};")
    if n == 0:  # the seller renamed one standard colour: 红色 shows as 玫红 in their store
        for key in [k for k in colours if k == standard[COLOUR]["红色"]]:
            aliases[(COLOUR, key)] = "玫红"
    picture_cells = []
    for k in range(2 if n % 3 == 0 else 1):
        name = picture_name(f"{sid}-{k}")
        pictures[name] = photo(row["colour"], n * 7 + k)
        picture_cells.append(f"{name}:1:{k}:|;")
    for k, vid in enumerate(colours):
        name = picture_name(f"{sid}-colour-{vid}")
        pictures[name] = photo([(c + 60 * (k + 1)) % 256 for c in row["colour"]], n * 11 + k)
        picture_cells.append(f"{name}:2:0:{COLOUR}:{vid}|;")
    stock = sum(int(e.split("|")[2]) for e in filter(None, row["variants"].split(";"))) or int(row["stock"] or 0)
    # Descriptions are HTML over several lines (quoted cells with newlines).
    paragraphs = "\n".join(f"<p>{line}</p>" for line in row["description"].splitlines() if line.strip())
    item = dict.fromkeys((f for f, _ in FIELDS), "")
    item.update(
        title=row["title"].replace(" ", ""),  # Taobao titles run their words together
        cid=cid,
        stuff_status="1",
        location_state="浙江",
        location_city="杭州",
        item_type="1",
        price=row["price_cny"],
        num=str(stock),
        valid_thru="7",
        freight_payer="2",
        approve_status="1",
        description=f'{paragraphs}\n<p><img src="https://img.alicdn.com/imgextra/{sid}.jpg"></p>',
        picture="".join(picture_cells),
        skuProps="".join(sku_props),
        outer_id=sid,
        propAlias="".join(f"{pid}:{vid}:{name};" for (pid, vid), name in aliases.items()),
        num_id=str(600000000000 + n),
        item_weight=f"{row['weight_g'] / 1000:.3f}",
        subtitle="包邮 现货速发" if n % 2 == 0 else "",
        input_custom_cpv="".join(f"{pid}:{vid}:{name};" for (pid, vid), name in custom.items()),
    )
    return item


def packet_csv(items: list[dict]) -> bytes:
    """The CSV as the tool writes it: UTF-16LE with a BOM, tab-separated, CRLF."""
    buffer = io.StringIO()
    buffer.write("version 1.00\r\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow([f for f, _ in FIELDS])
    writer.writerow([c for _, c in FIELDS])
    for item in items:
        writer.writerow([item[f] for f, _ in FIELDS])
    return b"\xff\xfe" + buffer.getvalue().encode("utf-16-le")


def main() -> None:
    pictures: dict[str, bytes] = {}
    items = [packet_item(row, n, pictures) for n, row in enumerate(ROWS)]
    files = {f"{NAME}.csv": packet_csv(items), **{f"{NAME}/{name}.tbi": data for name, data in pictures.items()}}
    with zipfile.ZipFile(HERE / f"{NAME}.zip", "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=STAMP), data, compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main()
