"""Demo catalogue for seed_demo: realistic listings from the five demo sellers.

Two ways in:

- `seed_listings(target)` makes a few hundred listings through the real
  services (listing_create, listing_image_add, listing_set_status), so every
  rule of a listing holds: titles and descriptions in the seller's language,
  attributes, colour × size variants with stock (some sold out, some dearer),
  lots and quantity tiers, small-parcel weights and sizes, generated photos.
  Deterministic and idempotent: listing number i is always built from the
  same seed, and a run creates only the numbers the demo sellers still lack.
- `seed_bulk_listings(total)` tops the catalogue up to `total` rows with bulk
  inserts (benchmarks: 100,000 listings in a couple of minutes). Same
  vocabulary, variants and tiers, images from a small shared pool of files,
  search vectors filled by one set-based UPDATE at the end.

Each demo seller sells what its store is about (and the Chinese seller,
like a real cross-border one, a bit of everything): a sub-category is sold
by the sellers that have a product title for it in their language.
"""

import io
import math
import random
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from moneyed import Money
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from marketplace.money import MissingExchangeRate, convert
from sellers.demo import DEMO_SELLERS
from sellers.models import Seller, SellerStatus
from translation.services import listing_translation_store_human, listing_translations_fill

from . import services
from .models import Category, Listing, ListingImage, ListingStatus, ListingVariant, PriceTier
from .pricing import Tier, lowest_unit_price
from .services import ListingInput, TierInput, VariantInput

DEFAULT_TARGET = 320
BULK_BATCH_SIZE = 2000
IMAGE_SIZE = 800

# Short codes used in the data below -> the demo sellers' store languages.
LANGUAGES = {"zh": "zh-hans", "ru": "ru", "it": "it", "es": "es", "tr": "tr"}
SHORT = {code: short for short, code in LANGUAGES.items()}
SELLER_CODE = {"zh": "CN", "ru": "RU", "it": "IT", "es": "ES", "tr": "TR"}
# What each seller's prices look like next to a typical EUR price (a Yiwu
# factory is cheaper than a Florentine workshop).
PRICE_FACTOR = {"zh": Decimal("0.55"), "ru": Decimal("0.9"), "it": Decimal("1.5"), "es": Decimal("1.15"),
                "tr": Decimal("0.8")}  # fmt: skip
PROCESSING_DAYS = {"zh": (1, 2, 2, 3, 3, 5), "ru": (2, 3, 3, 5, 7), "it": (3, 5, 5, 7, 10), "es": (2, 3, 5, 5, 7),
                   "tr": (1, 2, 3, 3, 5)}  # fmt: skip
# Margins under the parcel limits, so a rate change does not unpublish the demo.
MAX_DECLARED_EUR = Decimal("140")
MAX_WEIGHT_GRAMS = 1900


# --- vocabulary ---------------------------------------------------------------------------------

# key: (rgb, zh, ru, it, es, tr)
COLOURS = {
    "black": ((38, 38, 44), "黑色", "Чёрный", "Nero", "Negro", "Siyah"),
    "white": ((238, 236, 230), "白色", "Белый", "Bianco", "Blanco", "Beyaz"),
    "red": ((190, 45, 55), "红色", "Красный", "Rosso", "Rojo", "Kırmızı"),
    "navy": ((38, 54, 100), "藏青色", "Тёмно-синий", "Blu navy", "Azul marino", "Lacivert"),
    "blue": ((62, 112, 196), "蓝色", "Синий", "Blu", "Azul", "Mavi"),
    "sky": ((132, 184, 226), "天蓝色", "Голубой", "Azzurro", "Celeste", "Açık Mavi"),
    "green": ((56, 128, 84), "绿色", "Зелёный", "Verde", "Verde", "Yeşil"),
    "olive": ((112, 116, 62), "军绿色", "Оливковый", "Verde oliva", "Verde oliva", "Haki"),
    "beige": ((214, 194, 162), "米色", "Бежевый", "Beige", "Beige", "Bej"),
    "brown": ((112, 72, 46), "咖啡色", "Коричневый", "Marrone", "Marrón", "Kahverengi"),
    "cognac": ((166, 96, 48), "焦糖色", "Коньячный", "Cuoio", "Cuero", "Taba"),
    "pink": ((230, 156, 176), "粉色", "Розовый", "Rosa", "Rosa", "Pembe"),
    "grey": ((136, 138, 144), "灰色", "Серый", "Grigio", "Gris", "Gri"),
    "yellow": ((232, 190, 70), "黄色", "Жёлтый", "Giallo", "Amarillo", "Sarı"),
    "purple": ((124, 86, 156), "紫色", "Фиолетовый", "Viola", "Morado", "Mor"),
    "terracotta": ((186, 98, 68), "砖红色", "Терракотовый", "Terracotta", "Terracota", "Kiremit"),
    "turquoise": ((52, 168, 160), "湖绿色", "Бирюзовый", "Turchese", "Turquesa", "Turkuaz"),
    "gold": ((212, 174, 92), "金色", "Золотой", "Oro", "Dorado", "Altın"),
    "silver": ((186, 190, 198), "银色", "Серебряный", "Argento", "Plateado", "Gümüş"),
}
_LANG_INDEX = {"zh": 1, "ru": 2, "it": 3, "es": 4, "tr": 5}

# key: (zh, ru, it, es, tr)
MATERIALS = {
    "cotton": ("纯棉", "хлопок", "cotone", "algodón", "pamuk"),
    "linen": ("亚麻", "лён", "lino", "lino", "keten"),
    "silk": ("桑蚕丝", "натуральный шёлк", "seta", "seda", "ipek"),
    "chiffon": ("雪纺", "шифон", "chiffon", "gasa", "şifon"),
    "viscose": ("冰丝/粘胶纤维", "вискоза", "viscosa", "viscosa", "viskon"),
    "wool": ("羊毛", "шерсть", "lana", "lana", "yün"),
    "cashmere": ("羊绒", "кашемир", "cashmere", "cachemira", "kaşmir"),
    "knit": ("腈纶混纺", "акрил", "misto acrilico", "acrílico", "akrilik"),
    "denim": ("牛仔布", "деним", "denim", "tela vaquera", "denim"),
    "polyester": ("聚酯纤维", "полиэстер", "poliestere", "poliéster", "polyester"),
    "polyamide": (
        "锦纶氨纶",
        "полиамид и эластан",
        "poliammide ed elastan",
        "poliamida y elastano",
        "polyamid ve elastan",
    ),
    "goat-down": ("山羊绒", "козий пух", "piumino di capra", "plumón de cabra", "keçi tüyü"),
    "cotton-sateen": ("全棉贡缎", "сатин (хлопок)", "raso di cotone", "satén de algodón", "pamuk saten"),
    "leather": ("头层牛皮", "натуральная кожа", "vera pelle", "piel auténtica", "hakiki deri"),
    "suede": ("麂皮", "замша", "camoscio", "ante", "süet"),
    "pu": ("PU皮", "экокожа", "ecopelle", "polipiel", "suni deri"),
    "mesh": ("网布", "сетка", "rete traspirante", "malla transpirable", "file"),
    "jute": ("黄麻", "джут", "iuta", "yute", "jüt"),
    "canvas": ("帆布", "канвас", "tela canvas", "lona", "kanvas"),
    "felt": ("羊毛毡", "натуральный войлок", "feltro", "fieltro", "keçe"),
    "plush": ("短毛绒", "плюш", "peluche", "felpa", "peluş"),
    "straw": ("天然草编", "соломка", "paglia", "paja natural", "hasır"),
    "nylon": ("尼龙", "нейлон", "nylon", "nailon", "naylon"),
    "acetate": ("板材", "ацетат", "acetato", "acetato", "asetat"),
    "silver925": ("S925银", "серебро 925", "argento 925", "plata de ley 925", "925 ayar gümüş"),
    "brass": ("黄铜镀金", "латунь с позолотой", "ottone placcato oro", "latón bañado en oro", "altın kaplama pirinç"),
    "pearl": ("淡水珍珠", "речной жемчуг", "perle d'acqua dolce", "perlas de agua dulce", "tatlı su incisi"),
    "malachite": ("孔雀石", "малахит", "malachite", "malaquita", "malakit"),
    "jasper": ("碧玉", "яшма", "diaspro", "jaspe", "jasper"),
    "charoite": ("紫龙晶", "чароит", "charoite", "charoíta", "çaroit"),
    "jade": ("岫玉", "нефрит", "giada", "jade", "yeşim"),
    "stainless": ("不锈钢", "нержавеющая сталь", "acciaio inox", "acero inoxidable", "paslanmaz çelik"),
    "alloy": ("合金", "сплав", "lega metallica", "aleación", "metal alaşım"),
    "silicone": ("液态硅胶", "силикон", "silicone", "silicona", "silikon"),
    "tpu": ("TPU", "TPU", "TPU", "TPU", "TPU"),
    "tempered-glass": ("钢化玻璃", "закалённое стекло", "vetro temperato", "vidrio templado", "temperli cam"),
    "abs": ("ABS", "ABS-пластик", "plastica ABS", "plástico ABS", "ABS plastik"),
    "aluminium": ("铝合金", "алюминий", "alluminio", "aluminio", "alüminyum"),
    "ceramic": ("陶瓷", "керамика", "ceramica", "cerámica", "seramik"),
    "porcelain": ("骨瓷", "фарфор", "porcellana", "porcelana", "porselen"),
    "terracotta": ("陶土", "терракота", "terracotta", "terracota", "pişmiş toprak"),
    "glass": ("高硼硅玻璃", "стекло", "vetro", "vidrio", "cam"),
    "copper": ("紫铜", "медь", "rame", "cobre", "bakır"),
    "wood": ("实木", "дерево", "legno", "madera", "ahşap"),
    "beech": ("榉木", "бук", "faggio", "haya", "kayın"),
    "olive-wood": ("橄榄木", "оливковое дерево", "legno d'ulivo", "madera de olivo", "zeytin ağacı"),
    "bamboo": ("竹纤维", "бамбук", "bambù", "bambú", "bambu"),
    "cardboard": ("环保纸板", "картон", "cartone", "cartón", "karton"),
    "pp": (
        "食品级PP",
        "пищевой пластик",
        "plastica per alimenti",
        "plástico apto para alimentos",
        "gıdaya uygun plastik",
    ),
    "tpe": ("TPE", "ТПЭ", "TPE", "TPE", "TPE"),
    "latex": ("天然乳胶", "латекс", "lattice", "látex", "lateks"),
    "soy-wax": ("大豆蜡", "соевый воск", "cera di soia", "cera de soja", "soya mumu"),
    # Beauty: shown as the main ingredient rather than a material.
    "hyaluronic": ("玻尿酸", "гиалуроновая кислота", "acido ialuronico", "ácido hialurónico", "hyalüronik asit"),
    "niacinamide": ("烟酰胺", "ниацинамид", "niacinamide", "niacinamida", "niasinamid"),
    "olive-oil": ("橄榄油", "оливковое масло", "olio d'oliva", "aceite de oliva", "zeytinyağı"),
    "aloe": ("芦荟", "алоэ вера", "aloe vera", "aloe vera", "aloe vera"),
    "argan": ("摩洛哥坚果油", "аргановое масло", "olio di argan", "aceite de argán", "argan yağı"),
    "rose": ("玫瑰纯露", "розовая вода", "acqua di rose", "agua de rosas", "gül suyu"),
    "cedar": ("西伯利亚雪松油", "кедровое масло", "olio di cedro", "aceite de cedro", "sedir yağı"),
    "beeswax": ("蜂蜡", "пчелиный воск", "cera d'api", "cera de abeja", "balmumu"),
    "vitamin-e": ("维生素E", "витамин E", "vitamina E", "vitamina E", "E vitamini"),
    "minerals": ("矿物色粉", "минеральные пигменты", "pigmenti minerali", "pigmentos minerales", "mineral pigmentler"),
}
INGREDIENTS = {"hyaluronic", "niacinamide", "olive-oil", "aloe", "argan", "rose", "cedar", "beeswax", "vitamin-e",
               "minerals"}  # fmt: skip
# The colour a material lends a drawing (stones, wood...), when it is not the variant's colour.
MATERIAL_TINTS = {
    "malachite": (28, 128, 92),
    "jasper": (156, 72, 52),
    "charoite": (118, 72, 150),
    "jade": (110, 170, 120),
    "pearl": (240, 234, 224),
    "glass": (38, 92, 196),
    "jute": (202, 170, 118),
    "straw": (220, 192, 130),
    "wood": (176, 128, 80),
    "beech": (214, 176, 128),
    "olive-wood": (170, 130, 86),
    "copper": (184, 106, 62),
    "silver925": (196, 200, 206),
    "brass": (212, 174, 92),
}

LABELS = {  # attribute and option names, as each seller would type them
    "zh": {"material": "材质", "ingredients": "主要成分", "origin": "产地", "colour": "颜色", "size": "尺码",
           "shoe": "尺码", "ring": "圈号", "model": "适用机型", "towel": "尺寸", "volume": "容量"},
    "ru": {"material": "Материал", "ingredients": "Состав", "origin": "Производство", "colour": "Цвет",
           "size": "Размер", "shoe": "Размер", "ring": "Размер", "model": "Модель", "towel": "Размер",
           "volume": "Объём"},
    "it": {"material": "Materiale", "ingredients": "Ingredienti", "origin": "Origine", "colour": "Colore",
           "size": "Taglia", "shoe": "Numero", "ring": "Misura", "model": "Modello", "towel": "Misura",
           "volume": "Formato"},
    "es": {"material": "Material", "ingredients": "Ingredientes", "origin": "Origen", "colour": "Color",
           "size": "Talla", "shoe": "Talla", "ring": "Talla", "model": "Modelo", "towel": "Medida",
           "volume": "Capacidad"},
    "tr": {"material": "Materyal", "ingredients": "İçerik", "origin": "Menşei", "colour": "Renk", "size": "Beden",
           "shoe": "Numara", "ring": "Ölçü", "model": "Model", "towel": "Ölçü", "volume": "Hacim"},
}  # fmt: skip
ORIGIN = {"zh": "中国 浙江", "ru": "Россия, Екатеринбург", "it": "Italia, Firenze", "es": "España, Alicante",
          "tr": "Türkiye, Nevşehir"}  # fmt: skip
ORIGIN_ELECTRONICS_ZH = "中国 广东 深圳"

# Option values (sizes) by kind; the key of LABELS names the option.
SIZES = {
    "size": ("XS", "S", "M", "L", "XL", "XXL"),
    "shoe-w": ("35", "36", "37", "38", "39", "40", "41"),
    "shoe-m": ("39", "40", "41", "42", "43", "44", "45"),
    "shoe": ("36", "37", "38", "39", "40", "41", "42", "43", "44"),
    "model": ("iPhone 15", "iPhone 15 Pro", "iPhone 16", "iPhone 16 Pro Max", "Galaxy S24", "Redmi Note 13"),
    "towel": ("50×90 cm", "70×140 cm", "90×180 cm"),
    "volume": ("30 ml", "50 ml", "100 ml"),
}
RING_SIZES = {"zh": ("12号", "14号", "16号", "18号"), "ru": ("16", "17", "18", "19"), "it": ("12", "14", "16", "18"),
              "es": ("12", "14", "16", "18"), "tr": ("12", "14", "16", "18")}  # fmt: skip
# How much dearer the bigger choices are (index in the window of sizes shown).
SIZE_PRICE_STEPS = {"towel": (1, Decimal("1.6"), Decimal("2.4")), "volume": (1, Decimal("1.5"), Decimal("2.6"))}


# --- the catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    material: str
    titles: dict[str, str]
    family: str = ""  # the drawing; the sub-category's by default


@dataclass(frozen=True)
class Leaf:
    slug: str
    family: str
    sizes: str  # a key of SIZES, "ring", or "" (colours only)
    palette: tuple[str, ...]
    eur: tuple[int, int]  # typical unit price range
    grams: tuple[int, int]
    box: tuple[int, int, int]  # cm, one piece packed
    hs: str
    products: tuple[Product, ...]
    lots: tuple[int, ...] = ()
    segment: str = ""

    def products_in(self, lang: str) -> list[Product]:
        return [p for p in self.products if lang in p.titles]


def P(material: str, family: str = "", **titles: str) -> Product:
    return Product(material=material, titles=titles, family=family)


def L(slug, family, sizes, palette, eur, grams, box, hs, products, lots=()) -> Leaf:
    return Leaf(slug, family, sizes, tuple(palette.split()), eur, grams, box, hs, tuple(products), tuple(lots))


FASHION = "red navy black pink green beige sky white"
KNITS = "beige grey black brown navy red olive"
MEN = "white sky navy black grey olive beige"
LEATHER = "black brown cognac red beige navy"
METALS = "gold silver"
PHONE = "black white pink blue green purple"
HOME = "beige white grey terracotta turquoise navy green"
TEXTILE = "white beige turquoise terracotta navy grey pink"
BRIGHT = "red blue yellow green pink purple"

CATALOGUE: dict[str, list[Leaf]] = {
    "womens-fashion": [
        L("dresses", "dress", "size", FASHION, (14, 40), (220, 420), (30, 25, 4), "620444", [
            P("chiffon", zh="女士 夏季 碎花 雪纺 连衣裙 长裙", tr="Çiçek Desenli Şifon Uzun Elbise"),
            P("silk", zh="真丝 桑蚕丝 改良 旗袍 连衣裙 复古 中式 气质"),
            P("cotton", zh="法式 纯棉 收腰 中长款 衬衫裙 通勤", tr="Kuşaklı Pamuklu Gömlek Elbise"),
            P("linen", zh="亚麻 宽松 无袖 背心裙 度假风 长裙", tr="Keten Askılı Yazlık Elbise"),
            P("viscose", tr="Viskon Desenli Midi Boy Elbise"),
        ]),
        L("womens-tops", "top", "size", FASHION, (8, 26), (150, 280), (28, 22, 3), "620640", [
            P("chiffon", zh="雪纺衫 女 长袖 衬衫 洋气 上衣 小衫", tr="Kadın Şifon Uzun Kollu Bluz"),
            P("silk", "shirt", zh="真丝 衬衫 女 桑蚕丝 长袖 通勤 上衣"),
            P("cotton", zh="纯棉 短袖 T恤 女 宽松 印花 上衣 打底", tr="Kadın Oversize Baskılı Pamuklu Tişört"),
            P("linen", tr="Kadın Keten Balon Kollu Bluz"),
        ], lots=(5,)),
        L("womens-knitwear", "knit", "size", KNITS, (16, 45), (300, 550), (32, 26, 6), "611030", [
            P("cashmere", zh="羊绒 开衫 女 圆领 针织 外套 秋冬 慵懒风"),
            P("wool", zh="羊毛 高领 毛衣 女 套头 加厚 打底衫", ru="Свитер женский из шерсти с высоким горлом",
              tr="Kadın Yün Balıkçı Yaka Kazak"),
            P("knit", ru="Кардиган женский вязаный на пуговицах", tr="Kadın Örgü Düğmeli Triko Hırka"),
        ]),
        L("skirts", "skirt", "size", FASHION, (10, 30), (200, 350), (30, 25, 3), "620453", [
            P("chiffon", zh="百褶 雪纺 半身裙 中长款 高腰 A字裙", tr="Pileli Şifon Midi Etek"),
            P("denim", zh="牛仔 半身裙 女 高腰 A字 短裙 显瘦", tr="Yüksek Bel Kot Etek"),
            P("linen", zh="亚麻 半身裙 女 夏季 文艺 长裙"),
        ]),
        L("womens-trousers", "trousers", "size", "black navy beige sky grey olive", (12, 35), (350, 600),
          (32, 26, 5), "620462", [
            P("denim", zh="高腰 直筒 牛仔裤 女 宽松 阔腿裤", tr="Kadın Yüksek Bel Geniş Paça Jean"),
            P("viscose", zh="冰丝 阔腿裤 女 夏季 垂感 休闲裤"),
            P("linen", tr="Kadın Keten Bol Paça Pantolon"),
            P("cotton", tr="Kadın Pamuklu Kargo Pantolon"),
        ]),
        L("lingerie", "pyjamas", "size", "pink beige white navy sky purple", (8, 30), (150, 350), (28, 22, 4),
          "620821", [
            P("silk", "dress", zh="真丝 睡裙 女 夏季 吊带 桑蚕丝 家居服", tr="İpek Saten Askılı Gecelik"),
            P("cotton", zh="纯棉 睡衣 女 长袖 家居服 套装 春秋", tr="Kadın Pamuklu Uzun Kollu Pijama Takımı"),
            P("cotton", tr="Kadın Penye Şortlu Pijama Takımı"),
        ], lots=(5,)),
        L("scarves-shawls", "scarf", "", "red navy beige turquoise pink grey purple", (6, 40), (80, 250),
          (25, 20, 3), "621410", [
            P("silk", zh="杭州 真丝 丝巾 女 桑蚕丝 长款 印花 围巾", tr="%100 İpek Desenli Eşarp"),
            P("wool", zh="羊毛 披肩 围巾 女 秋冬 加厚 两用", ru="Павловопосадский платок шерстяной с бахромой"),
            P("goat-down", ru="Оренбургский пуховый платок-паутинка"),
            P("cotton", tr="El Dokuması Pamuklu Şal"),
        ], lots=(5, 10)),
    ],
    "mens-fashion": [
        L("mens-shirts", "shirt", "size", MEN, (12, 30), (220, 350), (30, 24, 4), "620520", [
            P("cotton", zh="男士 纯棉 长袖 衬衫 商务 免烫 白衬衫", tr="Erkek Slim Fit Pamuklu Gömlek"),
            P("linen", zh="男士 亚麻 短袖 衬衫 夏季 宽松 休闲", tr="Erkek Keten Kısa Kollu Gömlek"),
            P("denim", tr="Erkek Denim Gömlek"),
        ]),
        L("mens-tshirts", "top", "size", MEN, (6, 18), (160, 250), (28, 22, 3), "610910", [
            P("cotton", zh="男士 纯棉 短袖 T恤 圆领 纯色 打底衫", tr="Erkek %100 Pamuk Basic Tişört"),
            P("cotton", "shirt", zh="男士 POLO衫 翻领 短袖 夏季 商务 休闲", tr="Erkek Pike Polo Yaka Tişört"),
            P("polyester", zh="运动 速干 T恤 男 冰丝 短袖 透气"),
        ], lots=(5, 10)),
        L("mens-knitwear", "hoodie", "size", "grey black navy olive beige", (15, 40), (400, 700), (34, 28, 7),
          "611020", [
            P("cotton", zh="男士 连帽 卫衣 加绒 宽松 外套 秋冬", tr="Erkek Kapüşonlu Sweatshirt"),
            P("wool", "knit", zh="男士 羊毛衫 圆领 针织 毛衣 纯色", tr="Erkek Yün Triko Kazak"),
            P("cotton", "knit", tr="Erkek Bisiklet Yaka Sweatshirt"),
        ]),
        L("mens-trousers", "trousers", "size", "navy black grey beige olive", (15, 38), (400, 700), (34, 28, 5),
          "620342", [
            P("denim", zh="男士 直筒 牛仔裤 弹力 修身 长裤", tr="Erkek Slim Fit Likralı Kot Pantolon"),
            P("cotton", zh="男士 工装裤 多口袋 宽松 休闲裤", tr="Erkek Gabardin Chino Pantolon"),
        ]),
        L("ties-belts", "belt", "", "black brown cognac navy red", (8, 45), (100, 300), (32, 12, 5), "420330", [
            P("silk", "tie", zh="男士 真丝 领带 商务 正装 8cm 提花", it="Cravatta in pura seta jacquard fatta a mano"),
            P("leather", zh="男士 头层牛皮 皮带 自动扣 商务 腰带",
              it="Cintura in cuoio conciato al vegetale con fibbia in ottone"),
            P("leather", it="Cintura da donna in pelle intrecciata"),
        ], lots=(5, 10)),
    ],
    "shoes": [
        L("womens-shoes", "heel", "shoe-w", "black beige red cognac white", (20, 90), (500, 900), (33, 22, 12),
          "640399", [
            P("leather", zh="女鞋 真皮 小方头 中跟 单鞋 法式 玛丽珍鞋", it="Décolleté in vera pelle con tacco medio",
              es="Zapatos de salón de piel con tacón medio"),
            P("leather", "loafer", it="Mocassini da donna in pelle morbida fatti a mano",
              es="Bailarinas de piel plegables"),
            P("canvas", "sneaker", zh="小白鞋 女 帆布鞋 百搭 休闲 板鞋", es="Zapatillas de lona para mujer"),
        ]),
        L("mens-shoes", "loafer", "shoe-m", "black brown cognac navy", (25, 95), (700, 1100), (34, 22, 13),
          "640399", [
            P("leather", zh="男士 真皮 商务 正装 皮鞋 系带 德比鞋", it="Scarpe stringate uomo in pelle, suola in cuoio",
              es="Zapatos Oxford de piel para hombre"),
            P("suede", it="Mocassini uomo in pelle scamosciata"),
            P("mesh", "sneaker", zh="男士 运动鞋 透气 网面 跑步鞋 轻便", es="Zapatillas de lona para hombre"),
        ]),
        L("espadrilles-sandals", "espadrille", "shoe", "navy red beige black sky white", (15, 60), (350, 700),
          (32, 20, 10), "640419", [
            P("jute", es="Alpargatas de yute y lona cosidas a mano", zh="草编 渔夫鞋 女 平底 一脚蹬 麻绳底"),
            P("jute", es="Alpargatas de cuña de yute con cintas al tobillo"),
            P("leather", "sandal", it="Sandali alla schiava in cuoio fatti a mano", es="Sandalias planas de piel",
              zh="凉鞋 女 平底 真皮 夏季 一字带"),
        ]),
        L("slippers", "slipper", "shoe", "grey beige pink navy brown", (6, 30), (250, 500), (30, 18, 10), "640419", [
            P("felt", ru="Тапочки-валенки из натурального войлока", zh="羊毛毡 拖鞋 居家 冬季 保暖 软底"),
            P("plush", zh="毛绒 棉拖鞋 女 家居 冬季 防滑 可爱"),
            P("canvas", es="Zapatillas de casa de lona con suela de yute", tr="Pamuklu Kapalı Ev Terliği"),
            P("leather", tr="El Yapımı Deri Ev Terliği"),
        ], lots=(5, 10)),
    ],
    "bags-accessories": [
        L("handbags", "handbag", "", LEATHER, (20, 95), (500, 1100), (38, 30, 14), "420221", [
            P("leather", zh="真皮 女包 大容量 托特包 单肩 手提包 通勤",
              it="Borsa a mano in vera pelle, fatta a mano a Firenze"),
            P("leather", it="Borsa a tracolla in pelle conciata al vegetale"),
            P("jute", es="Capazo de yute con asas de piel"),
            P("wool", tr="Kilim Desenli El Yapımı Omuz Çantası"),
            P("pu", zh="PU 女包 斜挎包 链条包 小方包 时尚"),
        ]),
        L("wallets", "wallet", "", LEATHER, (8, 60), (80, 200), (20, 12, 4), "420231", [
            P("leather", zh="头层牛皮 男士 钱包 短款 卡包 RFID 防盗刷",
              it="Portafoglio uomo in vera pelle con portamonete"),
            P("leather", it="Porta carte di credito in pelle, sottile"),
            P("pu", zh="女士 长款 钱包 拉链 手拿包 多卡位"),
        ], lots=(5, 10)),
        L("backpacks", "backpack", "", "black navy grey olive cognac terracotta", (15, 90), (600, 1200),
          (42, 30, 12), "420292", [
            P("nylon", zh="双肩包 男 大容量 笔记本 电脑包 防水 商务 旅行"),
            P("leather", it="Zaino in pelle morbida con tasca frontale"),
            P("canvas", tr="Kilim Desenli Kanvas Sırt Çantası", zh="帆布 双肩包 女 学生 书包 文艺"),
        ]),
        L("leather-accessories", "keyring", "", LEATHER, (5, 45), (50, 150), (15, 10, 4), "420500", [
            P("leather", it="Portachiavi in pelle con moschettone", zh="真皮 钥匙扣 汽车 钥匙包 男女 手工"),
            P("leather", "watch", it="Cinturino per orologio in pelle fatto a mano"),
            P("leather", "wallet", it="Custodia per occhiali in pelle", zh="牛皮 卡套 证件套 工作证 挂绳"),
        ], lots=(5, 10, 20)),
        L("hats-gloves", "hat", "", "beige black grey navy brown red", (6, 45), (100, 300), (34, 34, 14), "650500", [
            P("straw", es="Sombrero de paja de ala ancha", zh="草帽 女 夏季 遮阳帽 大檐 沙滩帽",
              it="Cappello in paglia stile Panama"),
            P("wool", "mitten", ru="Варежки из овечьей шерсти с узором", zh="针织 毛线帽 女 冬季 保暖 护耳"),
            P("leather", "mitten", it="Guanti da donna in pelle foderati in cashmere"),
            P("wool", tr="El Örgüsü Yün Bere"),
        ], lots=(5, 10)),
        L("sunglasses", "sunglasses", "", "black brown cognac gold silver", (8, 80), (60, 150), (17, 7, 6),
          "900410", [
            P("acetate", it="Occhiali da sole in acetato fatti a mano, lenti polarizzate",
              zh="复古 猫眼 墨镜 女 板材 太阳镜 UV400"),
            P("alloy", zh="偏光 太阳镜 男 开车 墨镜 金属框 防紫外线"),
        ], lots=(5, 10)),
    ],
    "jewellery-watches": [
        L("necklaces", "necklace", "", METALS, (6, 90), (30, 120), (12, 10, 4), "711719", [
            P("malachite", ru="Кулон с натуральным малахитом в серебре 925"),
            P("jasper", ru="Бусы из уральской яшмы"),
            P("silver925", zh="925纯银 项链 女 锁骨链 小众 设计 吊坠",
              it="Collana girocollo in argento 925 fatta a mano"),
            P("pearl", zh="淡水珍珠 项链 女 法式 复古 锁骨链"),
        ], lots=(5, 10, 20)),
        L("earrings", "earring", "", METALS, (4, 60), (15, 60), (10, 8, 3), "711719", [
            P("silver925", zh="S925银 耳钉 女 简约 小巧 防过敏", it="Orecchini pendenti in argento 925 con perla"),
            P("brass", zh="耳环 女 气质 长款 流苏 高级感 耳坠"),
            P("charoite", ru="Серьги с чароитом в серебре"),
            P("malachite", ru="Серьги-капли с малахитом"),
        ], lots=(5, 10, 20)),
        L("rings", "ring", "ring", METALS, (5, 70), (10, 50), (8, 8, 4), "711311", [
            P("silver925", zh="925银 戒指 女 开口 可调节 简约 食指戒", it="Anello in argento 925 martellato a mano"),
            P("malachite", ru="Кольцо с малахитом, серебро 925"),
            P("charoite", ru="Кольцо с чароитом ручной работы"),
            P("stainless", zh="钛钢 戒指 男 潮 个性 不掉色"),
        ], lots=(5, 10)),
        L("bracelets", "bracelet", "", "gold silver brown black", (4, 50), (20, 80), (12, 10, 4), "711719", [
            P("jasper", ru="Браслет из натуральной яшмы, бусины 8 мм"),
            P("leather", it="Bracciale in pelle intrecciata con chiusura magnetica"),
            P("silver925", zh="925银 手链 女 简约 小众 转运珠"),
            P("brass", zh="黄铜 手镯 开口 复古 男女 手镯"),
            P("glass", tr="Nazar Boncuklu Bileklik"),
        ], lots=(5, 10, 20)),
        L("watches", "watch", "", "black brown silver gold navy", (15, 95), (120, 300), (15, 10, 8), "910211", [
            P("stainless", zh="男士 手表 石英表 防水 钢带 商务 夜光"),
            P("leather", zh="女士 手表 简约 真皮表带 小表盘 石英",
              it="Orologio al quarzo con cinturino in cuoio fiorentino"),
        ]),
    ],
    "phone-accessories": [
        L("phone-cases", "phone", "model", PHONE, (2, 30), (40, 90), (18, 10, 2), "392690", [
            P("tpu", zh="适用 iPhone 手机壳 透明 防摔 气囊 全包 软壳"),
            P("silicone", zh="液态硅胶 手机壳 适用 苹果 华为 小米 纯色 简约"),
            P("leather", it="Cover per smartphone in pelle con tasca porta carte"),
        ], lots=(10, 20)),
        L("chargers-cables", "cable", "", "white black", (3, 25), (40, 200), (12, 10, 4), "854442", [
            P("nylon", zh="Type-C 数据线 快充 编织 1米 2米 适用 华为 小米"),
            P("abs", "charger", zh="氮化镓 GaN 65W 充电器 多口 快充头 PD"),
            P("nylon", zh="三合一 数据线 苹果 安卓 Type-C 一拖三 充电线"),
        ], lots=(5, 10, 20)),
        L("screen-protectors", "screen", "model", "", (1, 10), (30, 80), (20, 12, 2), "700719", [
            P("tempered-glass", zh="钢化膜 适用 iPhone 全屏 高清 防指纹 手机膜"),
            P("tempered-glass", zh="防窥 钢化膜 隐私 手机 贴膜 全覆盖"),
        ], lots=(10, 20)),
        L("earphones", "earphones", "", "white black pink blue", (8, 40), (80, 200), (12, 10, 5), "851830", [
            P("abs", zh="蓝牙耳机 真无线 降噪 入耳式 运动 长续航"),
            P("abs", zh="骨传导 耳机 运动 跑步 无线 挂耳式"),
        ]),
        L("phone-holders", "stand", "", "silver black white", (3, 20), (80, 350), (20, 12, 6), "761699", [
            P("aluminium", zh="铝合金 手机支架 桌面 折叠 可调节 懒人支架"),
            P("abs", zh="车载 手机支架 出风口 磁吸 导航 支架"),
        ], lots=(5, 10, 20)),
    ],
    "home-garden": [
        L("towels-textiles", "towel", "towel", TEXTILE, (6, 35), (300, 900), (35, 28, 8), "630260", [
            P("cotton", tr="El Dokuması %100 Pamuk Peştemal", zh="纯棉 浴巾 毛巾 套装 加厚 吸水 家用"),
            P("cotton", tr="Pamuklu Çizgili Hamam Havlusu"),
            P("bamboo", zh="竹纤维 毛巾 洗脸巾 柔软 吸水 不掉毛"),
            P("linen", tr="Saçaklı Keten Peştemal"),
        ], lots=(5, 10)),
        L("bedding", "bedding", "", "white beige grey pink sky green", (20, 60), (1200, 1800), (40, 30, 12),
          "630231", [
            P("cotton-sateen", zh="全棉 贡缎 四件套 床上用品 纯色 1.5米 1.8米",
              tr="Pamuk Saten Çift Kişilik Nevresim Takımı"),
            P("linen", zh="水洗 亚麻 床单 枕套 三件套 日式 简约"),
            P("cotton", tr="Ranforce Tek Kişilik Nevresim Takımı"),
        ]),
        L("home-decor", "cushion", "", HOME, (5, 60), (150, 900), (30, 25, 10), "630499", [
            P("wool", tr="Kilim Desenli Kırlent Kılıfı 45x45", zh="北欧 抱枕套 沙发 靠垫 棉麻 客厅"),
            P("malachite", "casket", ru="Шкатулка из малахита ручной работы"),
            P("jasper", "candle", ru="Подсвечник из уральской яшмы"),
            P("glass", "lantern", tr="Osmanlı Mozaik Cam Fener"),
            P("soy-wax", "candle", zh="香薰蜡烛 礼盒 大豆蜡 卧室 家用 无烟"),
        ], lots=(5,)),
        L("ceramics", "vase", "", "white turquoise navy terracotta green yellow", (8, 60), (400, 1500), (30, 25, 25),
          "691390", [
            P("ceramic", zh="景德镇 陶瓷 花瓶 摆件 客厅 插花 新中式", es="Jarrón de cerámica pintado a mano",
              tr="El Yapımı Kütahya Çinisi Vazo"),
            P("porcelain", ru="Ваза фарфоровая «Гжель» ручной росписи", zh="白瓷 花瓶 北欧 简约 干花 摆件"),
            P("ceramic", "plate", es="Cuenco de cerámica esmaltada hecho a mano"),
        ]),
        L("garden", "pot", "", "terracotta green white grey", (3, 30), (150, 1500), (30, 20, 15), "", [
            P("stainless", "shears", zh="园艺 剪刀 修枝剪 果树剪 花枝 省力"),
            P("terracotta", es="Maceta de terracota esmaltada con plato"),
            P("abs", zh="自动 浇水器 滴灌 花盆 懒人 浇花神器"),
        ], lots=(5, 10)),
    ],
    "kitchen": [
        L("kitchen-tools", "utensils", "", "black grey green red", (3, 30), (80, 500), (35, 12, 5), "441990", [
            P("olive-wood", es="Juego de utensilios de cocina de madera de olivo"),
            P("silicone", zh="硅胶 锅铲 不粘锅 专用 耐高温 厨具 套装"),
            P("stainless", zh="不锈钢 削皮刀 刨丝器 多功能 厨房 神器"),
            P("wood", ru="Ложка деревянная с хохломской росписью"),
        ], lots=(5, 10)),
        L("tea-coffee", "teapot", "", "red turquoise white navy gold", (5, 50), (200, 900), (25, 20, 15), "701337", [
            P("copper", "cezve", tr="El Dövmesi Bakır Türk Kahvesi Cezvesi"),
            P("glass", "teaglass", tr="6'lı İnce Belli Çay Bardağı Takımı"),
            P("ceramic", zh="景德镇 功夫茶具 套装 盖碗 茶杯 陶瓷 家用"),
            P("glass", zh="耐热 玻璃 茶壶 泡茶壶 花茶壶 过滤"),
            P("brass", "teaglass", ru="Подстаканник латунный с гравировкой и стакан"),
        ]),
        L("tableware", "plate", "", "white navy turquoise terracotta yellow", (6, 60), (400, 1800), (32, 32, 12),
          "691200", [
            P("ceramic", es="Fuente de cerámica pintada a mano, 30 cm", tr="El Boyaması Çini Tabak 25 cm"),
            P("porcelain", zh="骨瓷 餐具 碗碟 套装 家用 北欧 简约"),
            P("wood", ru="Блюдо деревянное расписное"),
        ]),
        L("storage-containers", "jar", "", "white grey green beige", (3, 25), (200, 900), (30, 20, 15), "392410", [
            P("glass", zh="玻璃 密封罐 储物罐 食品 五谷杂粮 收纳罐 带盖"),
            P("pp", zh="冰箱 收纳盒 保鲜盒 食品级 厨房 整理盒 带盖"),
            P("bamboo", zh="竹木 收纳盒 桌面 整理 多格"),
        ], lots=(5, 10)),
    ],
    "sports-outdoors": [
        L("fitness", "mat", "", "purple pink blue green grey black", (5, 40), (200, 1300), (58, 14, 14), "950691", [
            P("tpe", zh="瑜伽垫 TPE 防滑 加厚 初学者 健身垫 6mm", tr="Kaymaz TPE Yoga Matı 6 mm"),
            P("latex", "band", zh="弹力带 阻力带 健身 拉力带 乳胶 套装"),
            P("cotton", "band", tr="Pamuklu Yoga Kemeri"),
        ], lots=(5,)),
        L("cycling", "bicycle", "", "black red blue white", (4, 40), (100, 600), (30, 20, 15), "871499", [
            P("abs", zh="骑行 头盔 一体成型 山地车 公路车 安全帽"),
            P("silicone", zh="自行车 USB充电 车灯 前灯 尾灯 套装 夜骑"),
            P("nylon", "mitten", zh="骑行 手套 半指 减震 透气 男女"),
        ]),
        L("camping-hiking", "tent", "", "olive green yellow blue grey", (5, 60), (200, 1800), (45, 20, 20), "630622", [
            P("nylon", zh="户外 帐篷 单人 超轻 防雨 徒步 露营"),
            P("aluminium", "lamp", zh="户外 折叠 露营灯 LED 充电 帐篷灯 挂灯"),
            P("stainless", "bottle", zh="户外 不锈钢 保温杯 登山 水壶 大容量"),
        ]),
        L("swimwear", "swimsuit", "size", "navy black red turquoise yellow pink", (8, 40), (100, 250), (25, 20, 3),
          "611241", [
            P("polyamide", zh="泳衣 女 连体 显瘦 遮肚 保守 温泉 泳装", es="Bañador de mujer con estampado mediterráneo",
              tr="Kadın Desenli Toparlayıcı Mayo"),
            P("polyamide", es="Bikini de tiras con braguita alta", tr="Üçgen Bikini Takımı"),
            P("polyester", "trunks", zh="男士 泳裤 平角 速干 宽松 沙滩裤"),
        ]),
        L("sportswear", "top", "size", "black grey navy pink olive", (8, 35), (150, 400), (30, 25, 4), "611430", [
            P("polyester", zh="运动套装 女 瑜伽服 速干 健身服 两件套",
              tr="Kadın Toparlayıcı Tayt ve Spor Sütyeni Takımı"),
            P("cotton", "trousers", tr="Erkek Pamuklu Eşofman Takımı", zh="男士 运动裤 束脚 卫裤 纯棉 休闲"),
        ]),
    ],
    "toys": [
        L("soft-toys", "teddy", "", "brown beige pink grey white", (4, 30), (100, 600), (35, 25, 15), "950300", [
            P("plush", zh="毛绒玩具 小熊 公仔 布娃娃 抱枕 儿童 礼物"),
            P("plush", "bunny", zh="可爱 兔子 玩偶 安抚 毛绒 玩具 女孩 生日礼物"),
        ], lots=(5, 10)),
        L("educational-toys", "blocks", "", "", (5, 35), (200, 1200), (30, 25, 10), "950300", [
            P("wood", zh="蒙氏 早教 益智 玩具 木质 形状 配对 积木"),
            P("abs", zh="儿童 磁力片 积木 益智 拼装 玩具 100片"),
        ]),
        L("wooden-toys", "blocks", "", "", (6, 45), (150, 900), (25, 20, 15), "950300", [
            P("wood", "matryoshka", ru="Матрёшка ручной росписи, 5 кукол"),
            P("wood", "horse", ru="Деревянная игрушка-каталка «Лошадка»"),
            P("beech", zh="实木 积木 儿童 榉木 大颗粒 100粒 益智"),
            P("wood", "train", es="Tren de madera con piezas apilables"),
        ]),
        L("puzzles-games", "puzzle", "", "", (6, 60), (300, 1800), (40, 30, 6), "950390", [
            P("cardboard", zh="1000片 拼图 成人 风景 名画 解压 拼图玩具"),
            P("jasper", "chess", ru="Шахматы из уральского камня, доска 30×30 см"),
            P("wood", "chess", ru="Шахматы деревянные складные", zh="木质 中国象棋 折叠 棋盘 大号 家用"),
        ]),
    ],
    "beauty": [
        L("skincare", "pump", "volume", "", (4, 30), (80, 300), (15, 8, 6), "330499", [
            P("hyaluronic", zh="玻尿酸 精华液 补水 保湿 收缩毛孔 面部精华"),
            P("niacinamide", "jar", zh="烟酰胺 面霜 提亮 保湿 修护 滋润"),
            P("olive-oil", "jar", es="Crema facial de aceite de oliva virgen extra"),
            P("aloe", es="Gel de aloe vera ecológico"),
        ], lots=(5, 10)),
        L("makeup", "lipstick", "", "red pink terracotta purple brown", (3, 20), (30, 120), (12, 8, 4), "330410", [
            P("vitamin-e", zh="哑光 口红 丝绒 不易掉色 学生 平价 唇膏"),
            P("minerals", "palette", zh="眼影盘 大地色 哑光 珠光 12色 新手"),
        ], lots=(5, 10, 20)),
        L("hair-care", "bottle", "", "", (3, 25), (50, 400), (22, 8, 5), "330590", [
            P("argan", tr="Argan Yağlı Onarıcı Saç Bakım Yağı", zh="摩洛哥 护发精油 免洗 修护 干枯 毛躁"),
            P("wood", "comb", zh="桃木梳 按摩 梳子 家用 防静电 长发"),
            P("olive-oil", "soap", tr="Zeytinyağlı Doğal Şampuan Sabunu"),
        ], lots=(5, 10)),
        L("natural-cosmetics", "soap", "", "", (3, 25), (80, 400), (12, 8, 6), "340111", [
            P("olive-oil", tr="El Yapımı Zeytinyağlı Sabun", es="Jabón artesanal de aceite de oliva y lavanda",
              zh="手工 精油皂 洁面 冷制皂 控油 天然"),
            P("cedar", "jar", ru="Крем для рук с маслом сибирского кедра"),
            P("beeswax", "lipstick", ru="Бальзам для губ с пчелиным воском"),
            P("rose", "bottle", tr="Isparta Gül Suyu Tonik"),
        ], lots=(5, 10, 20)),
        L("beauty-tools", "brush", "", "pink black white purple", (2, 20), (30, 250), (20, 10, 5), "960329", [
            P("nylon", zh="化妆刷 套装 12支 散粉刷 腮红刷 眼影刷 新手"),
            P("jade", "roller", zh="玉石 刮痧板 滚轮 按摩 面部 美容 工具", ru="Роллер для лица из нефрита"),
        ], lots=(5, 10, 20)),
    ],
}  # fmt: skip

SEGMENTS = {"womens-fashion": "fashion", "mens-fashion": "fashion", "shoes": "shoes", "bags-accessories": "bags",
            "jewellery-watches": "jewellery", "phone-accessories": "phone", "home-garden": "home",
            "kitchen": "kitchen", "sports-outdoors": "sports", "toys": "toys", "beauty": "beauty"}  # fmt: skip
LEAVES: list[Leaf] = [replace(leaf, segment=SEGMENTS[top]) for top, leaves in CATALOGUE.items() for leaf in leaves]


# --- words: titles and descriptions ------------------------------------------------------------

ZH_PREFIXES = ("2025新款", "跨境热卖", "工厂直销", "爆款", "新款", "ins风", "高品质")
ZH_SUFFIXES = ("批发", "现货速发", "一件代发", "支持混批", "厂家直供")
TITLE_EXTRAS = {  # gender-neutral phrases that fit after any title
    "ru": ("новинка", "хит продаж", "ручная работа", "подарок", "премиум качество", "в подарочной упаковке"),
    "it": ("idea regalo", "nuova collezione", "fatto a mano", "made in Italy", "qualità premium"),
    "es": ("idea regalo", "nueva colección", "hecho a mano", "hecho en España", "calidad premium"),
    "tr": ("Yeni Sezon", "Hediyelik", "El Yapımı", "Yerli Üretim", "Premium Kalite"),
}
MANY_COLOURS = {"zh": "多色可选", "ru": "разные цвета", "it": "vari colori", "es": "varios colores",
                "tr": "Farklı Renkler"}  # fmt: skip
TURKISH_LOT_SUFFIX = {5: "5'li", 10: "10'lu", 20: "20'li"}


def lot_phrase(lang: str, lot: int) -> str:
    return {
        "zh": f"{lot}件装",
        "ru": f"оптом, {lot} шт.",
        "it": f"confezione da {lot} pz",
        "es": f"lote de {lot} uds.",
        "tr": f"{TURKISH_LOT_SUFFIX.get(lot, f'{lot} Adet')} Paket",
    }[lang]


SEGMENT_TEXT = {
    "zh": {
        "fashion": ("版型经过多次打版调整，上身显瘦，不挑身材。", "面料亲肤透气，做工精细，走线平整。"),
        "shoes": ("鞋楦贴合脚型，久穿不累脚。", "防滑耐磨鞋底，日常通勤百搭。"),
        "bags": ("五金件顺滑耐用，细节处理精致。", "实用百搭，日常出行好搭配。"),
        "jewellery": ("低敏材质，日常佩戴不易氧化。", "附赠精美礼盒，送礼自用都合适。"),
        "phone": ("兼容主流机型，出厂前逐一检测。", "精准开孔，按键灵敏，安装方便。"),
        "home": ("简约设计，适合多种家居风格。", "每件出厂前经过质检，放心购买。"),
        "kitchen": ("食品级材质，安全无异味。", "易清洗，耐高温，厨房好帮手。"),
        "sports": ("轻便耐用，适合户外和日常运动。", "人体工学设计，运动更自在。"),
        "toys": ("边角圆润打磨，符合玩具安全标准。", "锻炼宝宝动手能力和想象力，适合3岁以上。"),
        "beauty": ("温和配方，适合多种肤质。", "无动物实验，温和不刺激。"),
    },
    "ru": {
        "fashion": ("Удобная посадка и аккуратные швы.", "Приятный к телу материал, не теряет форму после стирки."),
        "shoes": ("Мягкая стелька и устойчивая подошва для долгих прогулок.",),
        "bags": ("Практичная вещь, которая прослужит много лет.",),
        "jewellery": (
            "Каждый камень уникален: рисунок и оттенок могут немного отличаться от фото.",
            "Поставляется в подарочной коробочке.",
        ),
        "home": ("Изделие ручной работы создаёт уют в доме.", "Отличный подарок для близких и коллег."),
        "kitchen": ("Красивая и практичная вещь для вашей кухни.",),
        "toys": ("Экологичные материалы и безопасные краски.", "Развивает мелкую моторику и воображение."),
        "beauty": ("Натуральный состав без парабенов.", "Подходит для ежедневного ухода."),
    },
    "it": {
        "fashion": ("Taglio curato e finiture di qualità.", "Un accessorio elegante per ogni occasione."),
        "shoes": ("Calzata comoda, suola flessibile e resistente.", "Lavorazione artigianale con pellami selezionati."),
        "bags": (
            "La pelle con il tempo acquista una bella patina naturale.",
            "Cuciture rinforzate e fodera in cotone.",
        ),
        "jewellery": ("Ogni pezzo è rifinito a mano e arriva in una confezione regalo.",),
        "phone": ("Protezione elegante con materiali naturali.",),
    },
    "es": {
        "shoes": ("Comodidad desde el primer día, ideal para el verano.", "Suela ligera y transpirable."),
        "bags": ("Práctico y resistente, perfecto para la playa o la ciudad.",),
        "home": ("Pieza artesanal: cada una es ligeramente diferente.", "Aporta un toque mediterráneo a tu hogar."),
        "kitchen": ("Artesanía tradicional con materiales naturales.", "Lavar a mano para conservarlo más tiempo."),
        "sports": ("Tejido de secado rápido con protección UV.",),
        "toys": ("Materiales naturales y pinturas no tóxicas.", "Fomenta el juego creativo de los más pequeños."),
        "beauty": ("Ingredientes naturales, sin parabenos ni siliconas.", "Elaborado en pequeños lotes."),
    },
    "tr": {
        "fashion": ("Rahat kesim, kaliteli dikiş.", "Yıkamadan sonra formunu korur."),
        "shoes": ("Hafif ve rahat, günlük kullanım için ideal.",),
        "bags": ("Geniş iç hacim ve sağlam dikiş.", "El işi detaylarla hazırlanmıştır."),
        "jewellery": ("Şık bir hediye kutusunda gönderilir.",),
        "home": ("Yerel ustaların el emeğiyle üretilmiştir.", "Evinize sıcak bir dokunuş katar."),
        "kitchen": ("Geleneksel tasarım, modern kullanım.", "Gıdaya uygun malzemeden üretilmiştir."),
        "sports": ("Esnek ve nefes alan kumaş.",),
        "beauty": ("Doğal içerikler, paraben içermez.",),
    },
}
STORY = {
    "zh": ("厂家直销，支持混批，一件代发。", "跨境专供，品质保证，欢迎批发咨询。"),
    "ru": ("Работаем напрямую с мастерами Урала.", "Отправляем из Екатеринбурга надёжно упакованным."),
    "it": ("Realizzato nel nostro laboratorio di Firenze.", "Artigianato fiorentino dal 1978."),
    "es": ("Hecho en nuestro taller de Orihuela (Alicante).", "Artesanía mediterránea, hecha a mano."),
    "tr": ("Kapadokya'daki atölyemizden özenle paketlenerek gönderilir.", "Yerli üretim, el emeği."),
}
DESCRIPTION_WORDS = {
    "zh": {"colours": "颜色", "ship": "发货：付款后{days}天内发货", "lot": "本商品按批出售，每批{lot}件。",
           "tiers": "批量采购更优惠：{n}批起享折扣价。"},
    "ru": {"colours": "Цвета", "ship": "Отправка: в течение {days} дн. после оплаты",
           "lot": "Продаётся лотами по {lot} шт.", "tiers": "Оптовым покупателям — скидка от {n} лотов."},
    "it": {"colours": "Colori", "ship": "Spedizione: entro {days} giorni dal pagamento",
           "lot": "Venduto in lotti da {lot} pezzi.", "tiers": "Sconto quantità a partire da {n} lotti."},
    "es": {"colours": "Colores", "ship": "Envío: en {days} días tras el pago",
           "lot": "Se vende en lotes de {lot} unidades.", "tiers": "Descuento por volumen a partir de {n} lotes."},
    "tr": {"colours": "Renkler", "ship": "Kargo: ödemeden sonra {days} gün içinde",
           "lot": "{lot} adetlik lotlar halinde satılır.", "tiers": "{n} lot ve üzeri alımlarda indirimli fiyat."},
}  # fmt: skip


def colour_name(key: str, lang: str) -> str:
    return COLOURS[key][_LANG_INDEX[lang]]


def material_name(key: str, lang: str) -> str:
    return MATERIALS[key][_LANG_INDEX[lang] - 1]


def make_title(rng: random.Random, lang: str, base: str, *, lot: int, colours: int) -> str:
    if lang == "zh":
        words = [base]
        if rng.random() < 0.6:
            words.insert(0, rng.choice(ZH_PREFIXES))
        if colours > 1 and rng.random() < 0.5:
            words.append(MANY_COLOURS["zh"])
        if lot > 1:
            words.append(lot_phrase(lang, lot))
        if rng.random() < 0.35:
            words.append(rng.choice(ZH_SUFFIXES))
        return " ".join(words)
    extras = []
    if lot > 1:
        extras.append(lot_phrase(lang, lot))
    elif colours > 2 and rng.random() < 0.3:
        extras.append(MANY_COLOURS[lang])
    if rng.random() < 0.35:
        extras.append(rng.choice(TITLE_EXTRAS[lang]))
    if not extras:
        return base
    return f"{base} – {', '.join(extras)}" if lang != "tr" else f"{base} - {' - '.join(extras)}"


def make_description(
    rng: random.Random, lang: str, leaf: Leaf, material: str, *, colours: list[str], days: int, lot: int, tier_from
) -> str:
    words = DESCRIPTION_WORDS[lang]
    segment = SEGMENT_TEXT[lang].get(leaf.segment) or STORY[lang]
    first = " ".join(rng.sample(segment, k=min(len(segment), rng.choice((1, 2)))))
    label = LABELS[lang]["ingredients" if material in INGREDIENTS else "material"]
    facts = [f"{label}: {material_name(material, lang)}"]
    if colours:
        separator = "、" if lang == "zh" else ", "
        facts.append(f"{words['colours']}: {separator.join(colour_name(c, lang) for c in colours)}")
    facts.append(words["ship"].format(days=days))
    if lang == "zh":
        facts = [fact.replace(": ", "：", 1) for fact in facts]
    parts = [f"<p>{first}</p>", "<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>"]
    closing = []
    if lot > 1:
        closing.append(words["lot"].format(lot=lot))
    if tier_from:
        closing.append(words["tiers"].format(n=tier_from))
    closing.append(rng.choice(STORY[lang]))
    parts.append(f"<p>{' '.join(closing)}</p>")
    return "".join(parts)


# --- human English translations of the zh/ru/tr demo listings ----------------------------------
# Written by us, so the storefront reads well in English whatever the engines do. build_spec makes
# the English text of a listing from the same random draws as its source text (each English tuple
# below is parallel to its source tuple), and seed_listings stores it as a human ListingTranslation
# (engine "caravan"). Keyed by the source text, so a source phrase without an English one is simply
# left to the engines.

ENGLISH_SOURCES = ("zh", "ru", "tr")
DEMO_TRANSLATION_ENGINE = "caravan"

EN_TITLES = {
    # women's fashion
    "女士 夏季 碎花 雪纺 连衣裙 长裙": "Women's Summer Floral Chiffon Maxi Dress",
    "Çiçek Desenli Şifon Uzun Elbise": "Floral Chiffon Maxi Dress",
    "真丝 桑蚕丝 改良 旗袍 连衣裙 复古 中式 气质": "Mulberry Silk Modern Qipao Dress, Vintage Chinese Style",
    "法式 纯棉 收腰 中长款 衬衫裙 通勤": "French-Style Cotton Belted Midi Shirt Dress for Work",
    "Kuşaklı Pamuklu Gömlek Elbise": "Belted Cotton Shirt Dress",
    "亚麻 宽松 无袖 背心裙 度假风 长裙": "Loose Sleeveless Linen Maxi Dress, Holiday Style",
    "Keten Askılı Yazlık Elbise": "Linen Strappy Summer Dress",
    "Viskon Desenli Midi Boy Elbise": "Printed Viscose Midi Dress",
    "雪纺衫 女 长袖 衬衫 洋气 上衣 小衫": "Women's Long-Sleeve Chiffon Blouse",
    "Kadın Şifon Uzun Kollu Bluz": "Women's Long-Sleeve Chiffon Blouse",
    "真丝 衬衫 女 桑蚕丝 长袖 通勤 上衣": "Women's Mulberry Silk Long-Sleeve Shirt for Work",
    "纯棉 短袖 T恤 女 宽松 印花 上衣 打底": "Women's Loose Printed Cotton T-Shirt",
    "Kadın Oversize Baskılı Pamuklu Tişört": "Women's Oversized Printed Cotton T-Shirt",
    "Kadın Keten Balon Kollu Bluz": "Women's Linen Puff-Sleeve Blouse",
    "羊绒 开衫 女 圆领 针织 外套 秋冬 慵懒风": "Women's Cashmere Crew-Neck Cardigan, Relaxed Autumn/Winter Knit",
    "羊毛 高领 毛衣 女 套头 加厚 打底衫": "Women's Thick Wool Turtleneck Jumper",
    "Свитер женский из шерсти с высоким горлом": "Women's Wool Turtleneck Sweater",
    "Kadın Yün Balıkçı Yaka Kazak": "Women's Wool Turtleneck Jumper",
    "Кардиган женский вязаный на пуговицах": "Women's Knitted Button-Up Cardigan",
    "Kadın Örgü Düğmeli Triko Hırka": "Women's Button-Up Knit Cardigan",
    "百褶 雪纺 半身裙 中长款 高腰 A字裙": "Pleated Chiffon High-Waist A-Line Midi Skirt",
    "Pileli Şifon Midi Etek": "Pleated Chiffon Midi Skirt",
    "牛仔 半身裙 女 高腰 A字 短裙 显瘦": "Women's High-Waist A-Line Denim Mini Skirt",
    "Yüksek Bel Kot Etek": "High-Waist Denim Skirt",
    "亚麻 半身裙 女 夏季 文艺 长裙": "Women's Summer Linen Maxi Skirt",
    "高腰 直筒 牛仔裤 女 宽松 阔腿裤": "Women's High-Waist Straight Wide-Leg Jeans",
    "Kadın Yüksek Bel Geniş Paça Jean": "Women's High-Waist Wide-Leg Jeans",
    "冰丝 阔腿裤 女 夏季 垂感 休闲裤": "Women's Summer Flowing Wide-Leg Trousers",
    "Kadın Keten Bol Paça Pantolon": "Women's Wide-Leg Linen Trousers",
    "Kadın Pamuklu Kargo Pantolon": "Women's Cotton Cargo Trousers",
    "真丝 睡裙 女 夏季 吊带 桑蚕丝 家居服": "Women's Mulberry Silk Slip Nightdress",
    "İpek Saten Askılı Gecelik": "Silk Satin Slip Nightdress",
    "纯棉 睡衣 女 长袖 家居服 套装 春秋": "Women's Long-Sleeve Cotton Pyjama Set",
    "Kadın Pamuklu Uzun Kollu Pijama Takımı": "Women's Long-Sleeve Cotton Pyjama Set",
    "Kadın Penye Şortlu Pijama Takımı": "Women's Cotton Jersey Shorts Pyjama Set",
    "杭州 真丝 丝巾 女 桑蚕丝 长款 印花 围巾": "Hangzhou Mulberry Silk Long Printed Scarf",
    "%100 İpek Desenli Eşarp": "100% Silk Patterned Scarf",
    "羊毛 披肩 围巾 女 秋冬 加厚 两用": "Women's Thick Wool Shawl Scarf",
    "Павловопосадский платок шерстяной с бахромой": "Pavlovo Posad Wool Shawl with Fringe",
    "Оренбургский пуховый платок-паутинка": "Orenburg Down Gossamer Shawl",
    "El Dokuması Pamuklu Şal": "Hand-Woven Cotton Shawl",
    # men's fashion
    "男士 纯棉 长袖 衬衫 商务 免烫 白衬衫": "Men's Non-Iron Cotton Long-Sleeve Business Shirt",
    "Erkek Slim Fit Pamuklu Gömlek": "Men's Slim-Fit Cotton Shirt",
    "男士 亚麻 短袖 衬衫 夏季 宽松 休闲": "Men's Relaxed Short-Sleeve Linen Summer Shirt",
    "Erkek Keten Kısa Kollu Gömlek": "Men's Short-Sleeve Linen Shirt",
    "Erkek Denim Gömlek": "Men's Denim Shirt",
    "男士 纯棉 短袖 T恤 圆领 纯色 打底衫": "Men's Plain Cotton Crew-Neck T-Shirt",
    "Erkek %100 Pamuk Basic Tişört": "Men's 100% Cotton Basic T-Shirt",
    "男士 POLO衫 翻领 短袖 夏季 商务 休闲": "Men's Short-Sleeve Polo Shirt",
    "Erkek Pike Polo Yaka Tişört": "Men's Piqué Polo Shirt",
    "运动 速干 T恤 男 冰丝 短袖 透气": "Men's Quick-Dry Breathable Sports T-Shirt",
    "男士 连帽 卫衣 加绒 宽松 外套 秋冬": "Men's Fleece-Lined Loose Hoodie",
    "Erkek Kapüşonlu Sweatshirt": "Men's Hooded Sweatshirt",
    "男士 羊毛衫 圆领 针织 毛衣 纯色": "Men's Plain Wool Crew-Neck Jumper",
    "Erkek Yün Triko Kazak": "Men's Wool Knit Jumper",
    "Erkek Bisiklet Yaka Sweatshirt": "Men's Crew-Neck Sweatshirt",
    "男士 直筒 牛仔裤 弹力 修身 长裤": "Men's Slim Straight Stretch Jeans",
    "Erkek Slim Fit Likralı Kot Pantolon": "Men's Slim-Fit Stretch Jeans",
    "男士 工装裤 多口袋 宽松 休闲裤": "Men's Loose Multi-Pocket Cargo Trousers",
    "Erkek Gabardin Chino Pantolon": "Men's Gabardine Chinos",
    "男士 真丝 领带 商务 正装 8cm 提花": "Men's Silk Jacquard Tie, 8 cm",
    "男士 头层牛皮 皮带 自动扣 商务 腰带": "Men's Full-Grain Leather Belt with Automatic Buckle",
    # shoes
    "女鞋 真皮 小方头 中跟 单鞋 法式 玛丽珍鞋": "Women's Leather Square-Toe Mid-Heel Mary Janes",
    "小白鞋 女 帆布鞋 百搭 休闲 板鞋": "Women's White Canvas Sneakers",
    "男士 真皮 商务 正装 皮鞋 系带 德比鞋": "Men's Leather Lace-Up Derby Shoes",
    "男士 运动鞋 透气 网面 跑步鞋 轻便": "Men's Lightweight Breathable Mesh Running Shoes",
    "草编 渔夫鞋 女 平底 一脚蹬 麻绳底": "Women's Flat Straw Espadrilles with Jute Sole",
    "凉鞋 女 平底 真皮 夏季 一字带": "Women's Flat Leather Summer Sandals",
    "羊毛毡 拖鞋 居家 冬季 保暖 软底": "Warm Wool Felt House Slippers",
    "Тапочки-валенки из натурального войлока": "Natural Felt Valenki Slippers",
    "毛绒 棉拖鞋 女 家居 冬季 防滑 可爱": "Women's Cute Non-Slip Plush Slippers",
    "Pamuklu Kapalı Ev Terliği": "Cotton Closed House Slippers",
    "El Yapımı Deri Ev Terliği": "Handmade Leather House Slippers",
    # bags and accessories
    "真皮 女包 大容量 托特包 单肩 手提包 通勤": "Women's Large Leather Tote Shoulder Bag",
    "Kilim Desenli El Yapımı Omuz Çantası": "Handmade Kilim-Pattern Shoulder Bag",
    "PU 女包 斜挎包 链条包 小方包 时尚": "Women's Faux Leather Chain Crossbody Bag",
    "头层牛皮 男士 钱包 短款 卡包 RFID 防盗刷": "Men's Full-Grain Leather RFID Wallet",
    "女士 长款 钱包 拉链 手拿包 多卡位": "Women's Long Zip Wallet with Card Slots",
    "双肩包 男 大容量 笔记本 电脑包 防水 商务 旅行": "Men's Large Water-Resistant Laptop Backpack",
    "帆布 双肩包 女 学生 书包 文艺": "Women's Canvas Backpack",
    "Kilim Desenli Kanvas Sırt Çantası": "Kilim-Pattern Canvas Backpack",
    "真皮 钥匙扣 汽车 钥匙包 男女 手工": "Handmade Leather Car Key Holder",
    "牛皮 卡套 证件套 工作证 挂绳": "Leather ID Card Holder with Lanyard",
    "草帽 女 夏季 遮阳帽 大檐 沙滩帽": "Women's Wide-Brim Straw Sun Hat",
    "针织 毛线帽 女 冬季 保暖 护耳": "Women's Warm Knitted Hat with Ear Flaps",
    "Варежки из овечьей шерсти с узором": "Patterned Sheep's Wool Mittens",
    "El Örgüsü Yün Bere": "Hand-Knitted Wool Beanie",
    "复古 猫眼 墨镜 女 板材 太阳镜 UV400": "Women's Retro Cat-Eye Acetate Sunglasses UV400",
    "偏光 太阳镜 男 开车 墨镜 金属框 防紫外线": "Men's Polarised Metal-Frame Driving Sunglasses",
    # jewellery and watches
    "Кулон с натуральным малахитом в серебре 925": "Natural Malachite Pendant in 925 Silver",
    "Бусы из уральской яшмы": "Ural Jasper Bead Necklace",
    "925纯银 项链 女 锁骨链 小众 设计 吊坠": "Women's 925 Sterling Silver Pendant Necklace",
    "淡水珍珠 项链 女 法式 复古 锁骨链": "Women's Vintage Freshwater Pearl Necklace",
    "S925银 耳钉 女 简约 小巧 防过敏": "Women's Minimalist Hypoallergenic S925 Silver Stud Earrings",
    "耳环 女 气质 长款 流苏 高级感 耳坠": "Women's Elegant Long Tassel Drop Earrings",
    "Серьги с чароитом в серебре": "Charoite Earrings in Silver",
    "Серьги-капли с малахитом": "Malachite Teardrop Earrings",
    "925银 戒指 女 开口 可调节 简约 食指戒": "Women's Adjustable Open 925 Silver Ring",
    "Кольцо с малахитом, серебро 925": "Malachite Ring, 925 Silver",
    "Кольцо с чароитом ручной работы": "Handmade Charoite Ring",
    "钛钢 戒指 男 潮 个性 不掉色": "Men's Titanium Steel Ring, Tarnish-Free",
    "Браслет из натуральной яшмы, бусины 8 мм": "Natural Jasper Bracelet, 8 mm Beads",
    "925银 手链 女 简约 小众 转运珠": "Women's Minimalist 925 Silver Lucky Bead Bracelet",
    "黄铜 手镯 开口 复古 男女 手镯": "Vintage Open Brass Bangle, Unisex",
    "Nazar Boncuklu Bileklik": "Evil Eye Bead Bracelet",
    "男士 手表 石英表 防水 钢带 商务 夜光": "Men's Water-Resistant Quartz Watch, Steel Strap, Luminous Hands",
    "女士 手表 简约 真皮表带 小表盘 石英": "Women's Minimalist Quartz Watch with Leather Strap",
    # phone accessories
    "适用 iPhone 手机壳 透明 防摔 气囊 全包 软壳": "Clear Shockproof Soft Case for iPhone",
    "液态硅胶 手机壳 适用 苹果 华为 小米 纯色 简约": "Liquid Silicone Phone Case for Apple, Huawei, Xiaomi",
    "Type-C 数据线 快充 编织 1米 2米 适用 华为 小米": "Braided USB Type-C Fast-Charging Cable, 1 m / 2 m",
    "氮化镓 GaN 65W 充电器 多口 快充头 PD": "65W GaN Multi-Port PD Fast Charger",
    "三合一 数据线 苹果 安卓 Type-C 一拖三 充电线": "3-in-1 Charging Cable for Apple, Android and Type-C",
    "钢化膜 适用 iPhone 全屏 高清 防指纹 手机膜": "Full-Screen Tempered Glass Protector for iPhone",
    "防窥 钢化膜 隐私 手机 贴膜 全覆盖": "Privacy Tempered Glass Screen Protector",
    "蓝牙耳机 真无线 降噪 入耳式 运动 长续航": "True Wireless Noise-Cancelling Bluetooth Earbuds",
    "骨传导 耳机 运动 跑步 无线 挂耳式": "Wireless Bone-Conduction Sports Headphones",
    "铝合金 手机支架 桌面 折叠 可调节 懒人支架": "Adjustable Folding Aluminium Phone Stand",
    "车载 手机支架 出风口 磁吸 导航 支架": "Magnetic Air-Vent Car Phone Holder",
    # home and garden
    "纯棉 浴巾 毛巾 套装 加厚 吸水 家用": "Thick Absorbent Cotton Bath Towel Set",
    "El Dokuması %100 Pamuk Peştemal": "Hand-Woven 100% Cotton Peshtemal Towel",
    "Pamuklu Çizgili Hamam Havlusu": "Striped Cotton Hammam Towel",
    "竹纤维 毛巾 洗脸巾 柔软 吸水 不掉毛": "Soft Absorbent Bamboo Fibre Face Towel",
    "Saçaklı Keten Peştemal": "Fringed Linen Peshtemal",
    "全棉 贡缎 四件套 床上用品 纯色 1.5米 1.8米": "Cotton Sateen Four-Piece Bedding Set",
    "Pamuk Saten Çift Kişilik Nevresim Takımı": "Cotton Sateen Double Duvet Cover Set",
    "水洗 亚麻 床单 枕套 三件套 日式 简约": "Washed Linen Sheet and Pillowcase Set",
    "Ranforce Tek Kişilik Nevresim Takımı": "Ranforce Cotton Single Duvet Cover Set",
    "北欧 抱枕套 沙发 靠垫 棉麻 客厅": "Nordic Cotton-Linen Cushion Cover",
    "Kilim Desenli Kırlent Kılıfı 45x45": "Kilim-Pattern Cushion Cover 45x45",
    "Шкатулка из малахита ручной работы": "Handmade Malachite Jewellery Box",
    "Подсвечник из уральской яшмы": "Ural Jasper Candle Holder",
    "Osmanlı Mozaik Cam Fener": "Ottoman Mosaic Glass Lantern",
    "香薰蜡烛 礼盒 大豆蜡 卧室 家用 无烟": "Soy Wax Scented Candle Gift Box",
    "景德镇 陶瓷 花瓶 摆件 客厅 插花 新中式": "Jingdezhen Ceramic Vase",
    "El Yapımı Kütahya Çinisi Vazo": "Handmade Kütahya Tile Vase",
    "白瓷 花瓶 北欧 简约 干花 摆件": "Nordic White Porcelain Vase",
    "Ваза фарфоровая «Гжель» ручной росписи": "Hand-Painted Gzhel Porcelain Vase",
    "园艺 剪刀 修枝剪 果树剪 花枝 省力": "Garden Pruning Shears",
    "自动 浇水器 滴灌 花盆 懒人 浇花神器": "Automatic Drip Plant Waterer",
    # kitchen
    "硅胶 锅铲 不粘锅 专用 耐高温 厨具 套装": "Heat-Resistant Silicone Utensil Set for Non-Stick Pans",
    "不锈钢 削皮刀 刨丝器 多功能 厨房 神器": "Stainless Steel Multi-Purpose Peeler and Grater",
    "Ложка деревянная с хохломской росписью": "Wooden Spoon with Khokhloma Painting",
    "El Dövmesi Bakır Türk Kahvesi Cezvesi": "Hand-Hammered Copper Turkish Coffee Pot",
    "6'lı İnce Belli Çay Bardağı Takımı": "Set of 6 Turkish Tulip Tea Glasses",
    "景德镇 功夫茶具 套装 盖碗 茶杯 陶瓷 家用": "Jingdezhen Ceramic Gongfu Tea Set",
    "耐热 玻璃 茶壶 泡茶壶 花茶壶 过滤": "Heat-Resistant Glass Teapot with Infuser",
    "Подстаканник латунный с гравировкой и стакан": "Engraved Brass Tea Glass Holder with Glass",
    "El Boyaması Çini Tabak 25 cm": "Hand-Painted Tile Plate, 25 cm",
    "骨瓷 餐具 碗碟 套装 家用 北欧 简约": "Nordic Bone China Dinnerware Set",
    "Блюдо деревянное расписное": "Hand-Painted Wooden Platter",
    "玻璃 密封罐 储物罐 食品 五谷杂粮 收纳罐 带盖": "Glass Food Storage Jar with Airtight Lid",
    "冰箱 收纳盒 保鲜盒 食品级 厨房 整理盒 带盖": "Food-Grade Fridge Storage Box with Lid",
    "竹木 收纳盒 桌面 整理 多格": "Bamboo Desk Organiser with Compartments",
    # sports and outdoors
    "瑜伽垫 TPE 防滑 加厚 初学者 健身垫 6mm": "Non-Slip TPE Yoga Mat for Beginners, 6 mm",
    "Kaymaz TPE Yoga Matı 6 mm": "Non-Slip TPE Yoga Mat, 6 mm",
    "弹力带 阻力带 健身 拉力带 乳胶 套装": "Latex Resistance Band Set",
    "Pamuklu Yoga Kemeri": "Cotton Yoga Strap",
    "骑行 头盔 一体成型 山地车 公路车 安全帽": "In-Mould Cycling Helmet for Road and Mountain Bikes",
    "自行车 USB充电 车灯 前灯 尾灯 套装 夜骑": "USB-Rechargeable Bike Light Set, Front and Rear",
    "骑行 手套 半指 减震 透气 男女": "Breathable Padded Fingerless Cycling Gloves",
    "户外 帐篷 单人 超轻 防雨 徒步 露营": "Ultralight Waterproof One-Person Hiking Tent",
    "户外 折叠 露营灯 LED 充电 帐篷灯 挂灯": "Rechargeable Folding LED Camping Lantern",
    "户外 不锈钢 保温杯 登山 水壶 大容量": "Large Stainless Steel Insulated Outdoor Bottle",
    "泳衣 女 连体 显瘦 遮肚 保守 温泉 泳装": "Women's Slimming One-Piece Swimsuit",
    "Kadın Desenli Toparlayıcı Mayo": "Women's Patterned Shaping Swimsuit",
    "Üçgen Bikini Takımı": "Triangle Bikini Set",
    "男士 泳裤 平角 速干 宽松 沙滩裤": "Men's Quick-Dry Swim Shorts",
    "运动套装 女 瑜伽服 速干 健身服 两件套": "Women's Quick-Dry Two-Piece Yoga Set",
    "Kadın Toparlayıcı Tayt ve Spor Sütyeni Takımı": "Women's Shaping Leggings and Sports Bra Set",
    "男士 运动裤 束脚 卫裤 纯棉 休闲": "Men's Cotton Jogger Sweatpants",
    "Erkek Pamuklu Eşofman Takımı": "Men's Cotton Tracksuit",
    # toys
    "毛绒玩具 小熊 公仔 布娃娃 抱枕 儿童 礼物": "Plush Teddy Bear, a Gift for Children",
    "可爱 兔子 玩偶 安抚 毛绒 玩具 女孩 生日礼物": "Cute Plush Bunny Comforter Toy",
    "蒙氏 早教 益智 玩具 木质 形状 配对 积木": "Montessori Wooden Shape-Sorting Blocks",
    "儿童 磁力片 积木 益智 拼装 玩具 100片": "Magnetic Building Tiles for Children, 100 Pieces",
    "Матрёшка ручной росписи, 5 кукол": "Hand-Painted Matryoshka, 5 Dolls",
    "Деревянная игрушка-каталка «Лошадка»": "Wooden Pull-Along Horse Toy",
    "实木 积木 儿童 榉木 大颗粒 100粒 益智": "Solid Beech Building Blocks for Children, 100 Pieces",
    "1000片 拼图 成人 风景 名画 解压 拼图玩具": "1000-Piece Jigsaw Puzzle for Adults",
    "Шахматы из уральского камня, доска 30×30 см": "Ural Stone Chess Set, 30×30 cm Board",
    "木质 中国象棋 折叠 棋盘 大号 家用": "Large Wooden Chinese Chess Set with Folding Board",
    "Шахматы деревянные складные": "Folding Wooden Chess Set",
    # beauty
    "玻尿酸 精华液 补水 保湿 收缩毛孔 面部精华": "Hyaluronic Acid Hydrating Face Serum",
    "烟酰胺 面霜 提亮 保湿 修护 滋润": "Niacinamide Brightening Moisturising Cream",
    "哑光 口红 丝绒 不易掉色 学生 平价 唇膏": "Long-Lasting Velvet Matte Lipstick",
    "眼影盘 大地色 哑光 珠光 12色 新手": "12-Colour Earth-Tone Eyeshadow Palette, Matte and Shimmer",
    "摩洛哥 护发精油 免洗 修护 干枯 毛躁": "Moroccan Leave-In Repair Hair Oil",
    "Argan Yağlı Onarıcı Saç Bakım Yağı": "Argan Repair Hair Oil",
    "桃木梳 按摩 梳子 家用 防静电 长发": "Anti-Static Peach Wood Massage Comb",
    "Zeytinyağlı Doğal Şampuan Sabunu": "Natural Olive Oil Shampoo Bar",
    "手工 精油皂 洁面 冷制皂 控油 天然": "Handmade Natural Cold-Process Facial Soap",
    "El Yapımı Zeytinyağlı Sabun": "Handmade Olive Oil Soap",
    "Крем для рук с маслом сибирского кедра": "Siberian Cedar Oil Hand Cream",
    "Бальзам для губ с пчелиным воском": "Beeswax Lip Balm",
    "Isparta Gül Suyu Tonik": "Isparta Rose Water Toner",
    "化妆刷 套装 12支 散粉刷 腮红刷 眼影刷 新手": "12-Piece Makeup Brush Set",
    "玉石 刮痧板 滚轮 按摩 面部 美容 工具": "Jade Gua Sha and Face Roller Set",
    "Роллер для лица из нефрита": "Nephrite Jade Face Roller",
}

EN_PHRASES = {
    # Chinese title prefixes and suffixes
    "2025新款": "New for 2025",
    "跨境热卖": "Cross-Border Bestseller",
    "工厂直销": "Factory Direct",
    "爆款": "Bestseller",
    "新款": "New",
    "ins风": "Instagram Style",
    "高品质": "High Quality",
    "批发": "wholesale",
    "现货速发": "in stock, ships fast",
    "一件代发": "dropshipping available",
    "支持混批": "mixed lots welcome",
    "厂家直供": "direct from the factory",
    # title extras
    "новинка": "new",
    "хит продаж": "bestseller",
    "ручная работа": "handmade",
    "подарок": "gift",
    "премиум качество": "premium quality",
    "в подарочной упаковке": "gift-boxed",
    "Yeni Sezon": "new season",
    "Hediyelik": "gift idea",
    "El Yapımı": "handmade",
    "Yerli Üretim": "made in Türkiye",
    "Premium Kalite": "premium quality",
    # descriptions: Chinese
    "版型经过多次打版调整，上身显瘦，不挑身材。": (
        "The cut was refined over many fittings: flattering, and it suits every figure."
    ),
    "面料亲肤透气，做工精细，走线平整。": "Soft, breathable fabric, fine workmanship and neat, even seams.",
    "鞋楦贴合脚型，久穿不累脚。": "The last follows the shape of the foot, so they stay comfortable all day.",
    "防滑耐磨鞋底，日常通勤百搭。": "A non-slip, hard-wearing sole that goes with everything, every day.",
    "五金件顺滑耐用，细节处理精致。": "Smooth, durable hardware and carefully finished details.",
    "实用百搭，日常出行好搭配。": "Practical and easy to match for everyday outings.",
    "低敏材质，日常佩戴不易氧化。": "Hypoallergenic material that does not tarnish easily with daily wear.",
    "附赠精美礼盒，送礼自用都合适。": "Comes with a pretty gift box: right as a present or for yourself.",
    "兼容主流机型，出厂前逐一检测。": "Fits the popular models; every piece is tested before it leaves the factory.",
    "精准开孔，按键灵敏，安装方便。": "Precise cut-outs, responsive buttons, easy to fit.",
    "简约设计，适合多种家居风格。": "A simple design that suits many interior styles.",
    "每件出厂前经过质检，放心购买。": "Every piece is quality-checked before it ships: buy with confidence.",
    "食品级材质，安全无异味。": "Food-grade material, safe and odourless.",
    "易清洗，耐高温，厨房好帮手。": "Easy to clean and heat-resistant: a real help in the kitchen.",
    "轻便耐用，适合户外和日常运动。": "Light and durable, for the outdoors and everyday sport.",
    "人体工学设计，运动更自在。": "An ergonomic design that lets you move freely.",
    "边角圆润打磨，符合玩具安全标准。": "Rounded, sanded edges; meets toy safety standards.",
    "锻炼宝宝动手能力和想象力，适合3岁以上。": "Builds hand skills and imagination; for ages 3 and up.",
    "温和配方，适合多种肤质。": "A gentle formula that suits most skin types.",
    "无动物实验，温和不刺激。": "Not tested on animals; mild and non-irritating.",
    "厂家直销，支持混批，一件代发。": "Direct from the factory; mixed lots and dropshipping welcome.",
    "跨境专供，品质保证，欢迎批发咨询。": "Made for export, quality guaranteed; wholesale enquiries welcome.",
    # descriptions: Russian
    "Удобная посадка и аккуратные швы.": "A comfortable fit and neat seams.",
    "Приятный к телу материал, не теряет форму после стирки.": (
        "Pleasant against the skin; keeps its shape after washing."
    ),
    "Мягкая стелька и устойчивая подошва для долгих прогулок.": "A soft insole and a steady sole for long walks.",
    "Практичная вещь, которая прослужит много лет.": "A practical piece that will last for years.",
    "Каждый камень уникален: рисунок и оттенок могут немного отличаться от фото.": (
        "Every stone is unique: its pattern and shade may differ slightly from the photo."
    ),
    "Поставляется в подарочной коробочке.": "Comes in a gift box.",
    "Изделие ручной работы создаёт уют в доме.": "A handmade piece that makes a home cosy.",
    "Отличный подарок для близких и коллег.": "A lovely gift for family and colleagues.",
    "Красивая и практичная вещь для вашей кухни.": "A beautiful, practical piece for your kitchen.",
    "Экологичные материалы и безопасные краски.": "Eco-friendly materials and safe paints.",
    "Развивает мелкую моторику и воображение.": "Develops fine motor skills and imagination.",
    "Натуральный состав без парабенов.": "Natural ingredients, no parabens.",
    "Подходит для ежедневного ухода.": "Suitable for daily care.",
    "Работаем напрямую с мастерами Урала.": "We work directly with craftspeople from the Urals.",
    "Отправляем из Екатеринбурга надёжно упакованным.": "Shipped from Yekaterinburg, securely packed.",
    # descriptions: Turkish
    "Rahat kesim, kaliteli dikiş.": "A comfortable cut and quality stitching.",
    "Yıkamadan sonra formunu korur.": "Keeps its shape after washing.",
    "Hafif ve rahat, günlük kullanım için ideal.": "Light and comfortable, ideal for everyday wear.",
    "Geniş iç hacim ve sağlam dikiş.": "Roomy inside, with strong stitching.",
    "El işi detaylarla hazırlanmıştır.": "Finished with handmade details.",
    "Şık bir hediye kutusunda gönderilir.": "Sent in an elegant gift box.",
    "Yerel ustaların el emeğiyle üretilmiştir.": "Made by hand by local craftspeople.",
    "Evinize sıcak bir dokunuş katar.": "Adds a warm touch to your home.",
    "Geleneksel tasarım, modern kullanım.": "A traditional design for modern use.",
    "Gıdaya uygun malzemeden üretilmiştir.": "Made of food-safe material.",
    "Esnek ve nefes alan kumaş.": "Stretchy, breathable fabric.",
    "Doğal içerikler, paraben içermez.": "Natural ingredients, paraben-free.",
    "Kapadokya'daki atölyemizden özenle paketlenerek gönderilir.": (
        "Carefully packed and shipped from our workshop in Cappadocia."
    ),
    "Yerli üretim, el emeği.": "Made locally, by hand.",
}

EN_COLOURS = {"black": "Black", "white": "White", "red": "Red", "navy": "Navy blue", "blue": "Blue",
              "sky": "Sky blue", "green": "Green", "olive": "Olive green", "beige": "Beige", "brown": "Brown",
              "cognac": "Cognac", "pink": "Pink", "grey": "Grey", "yellow": "Yellow", "purple": "Purple",
              "terracotta": "Terracotta", "turquoise": "Turquoise", "gold": "Gold", "silver": "Silver"}  # fmt: skip
EN_MATERIALS = {
    "cotton": "cotton", "linen": "linen", "silk": "mulberry silk", "chiffon": "chiffon", "viscose": "viscose",
    "wool": "wool", "cashmere": "cashmere", "knit": "acrylic blend", "denim": "denim", "polyester": "polyester",
    "polyamide": "polyamide and elastane", "goat-down": "goat down", "cotton-sateen": "cotton sateen",
    "leather": "full-grain leather", "suede": "suede", "pu": "faux leather", "mesh": "breathable mesh",
    "jute": "jute", "canvas": "canvas", "felt": "wool felt", "plush": "plush", "straw": "natural straw",
    "nylon": "nylon", "acetate": "acetate", "silver925": "925 sterling silver", "brass": "gold-plated brass",
    "pearl": "freshwater pearls", "malachite": "malachite", "jasper": "jasper", "charoite": "charoite",
    "jade": "jade", "stainless": "stainless steel", "alloy": "metal alloy", "silicone": "silicone", "tpu": "TPU",
    "tempered-glass": "tempered glass", "abs": "ABS plastic", "aluminium": "aluminium", "ceramic": "ceramic",
    "porcelain": "porcelain", "terracotta": "terracotta", "glass": "glass", "copper": "copper", "wood": "wood",
    "beech": "beech", "olive-wood": "olive wood", "bamboo": "bamboo", "cardboard": "cardboard",
    "pp": "food-grade plastic", "tpe": "TPE", "latex": "natural latex", "soy-wax": "soy wax",
    "hyaluronic": "hyaluronic acid", "niacinamide": "niacinamide", "olive-oil": "olive oil", "aloe": "aloe vera",
    "argan": "argan oil", "rose": "rose water", "cedar": "Siberian cedar oil", "beeswax": "beeswax",
    "vitamin-e": "vitamin E", "minerals": "mineral pigments",
}  # fmt: skip
EN_ORIGIN = {"zh": "China, Zhejiang", "ru": "Russia, Yekaterinburg", "tr": "Türkiye, Nevşehir"}
EN_ORIGIN_ELECTRONICS = "China, Guangdong, Shenzhen"
EN_WORDS = {"colours": "Colours", "ship": "Shipping: within {days} days of payment",
            "lot": "Sold in lots of {lot} pieces.", "tiers": "Volume discount from {n} lots.",
            "many_colours": "assorted colours", "lot_phrase": "pack of {lot}",
            "material": "Material", "ingredients": "Key ingredients"}  # fmt: skip


class _NoEnglish(KeyError):
    """A source phrase without an English one: the listing is left to the engines."""


def _en(text: str) -> str:
    try:
        return EN_PHRASES[text]
    except KeyError as exc:
        raise _NoEnglish(text) from exc


def _en_all(texts) -> tuple[str, ...]:
    return tuple(_en(text) for text in texts)


def english_title(rng: random.Random, lang: str, base: str, *, lot: int, colours: int) -> str:
    """make_title's English twin: the same draws from `rng` (a copy of the state
    make_title started from), so the same choices, in English words."""
    try:
        english = EN_TITLES[base]
    except KeyError as exc:
        raise _NoEnglish(base) from exc
    extras = []
    if lang == "zh":
        if rng.random() < 0.6:
            english = f"{rng.choice(_en_all(ZH_PREFIXES))} {english}"
        if colours > 1 and rng.random() < 0.5:
            extras.append(EN_WORDS["many_colours"])
        if lot > 1:
            extras.append(EN_WORDS["lot_phrase"].format(lot=lot))
        if rng.random() < 0.35:
            extras.append(rng.choice(_en_all(ZH_SUFFIXES)))
    else:
        if lot > 1:
            extras.append(EN_WORDS["lot_phrase"].format(lot=lot))
        elif colours > 2 and rng.random() < 0.3:
            extras.append(EN_WORDS["many_colours"])
        if rng.random() < 0.35:
            extras.append(rng.choice(_en_all(TITLE_EXTRAS[lang])))
    return f"{english} – {', '.join(extras)}" if extras else english


def english_description(
    rng: random.Random, lang: str, leaf: Leaf, material: str, *, colours: list[str], days: int, lot: int, tier_from
) -> str:
    """make_description's English twin (the same draws, English sentences)."""
    segment = _en_all(SEGMENT_TEXT[lang].get(leaf.segment) or STORY[lang])
    first = " ".join(rng.sample(segment, k=min(len(segment), rng.choice((1, 2)))))
    label = EN_WORDS["ingredients" if material in INGREDIENTS else "material"]
    facts = [f"{label}: {EN_MATERIALS[material]}"]
    if colours:
        facts.append(f"{EN_WORDS['colours']}: {', '.join(EN_COLOURS[c] for c in colours)}")
    facts.append(EN_WORDS["ship"].format(days=days))
    parts = [f"<p>{first}</p>", "<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>"]
    closing = []
    if lot > 1:
        closing.append(EN_WORDS["lot"].format(lot=lot))
    if tier_from:
        closing.append(EN_WORDS["tiers"].format(n=tier_from))
    closing.append(rng.choice(_en_all(STORY[lang])))
    parts.append(f"<p>{' '.join(closing)}</p>")
    return "".join(parts)


def english_text(spec_values: dict, title_state, description_state) -> dict | None:
    """The human English translation of a zh/ru/tr demo listing (title, attribute
    values by the listing's attribute names, description), or None when one of
    its phrases has no English here (the engines translate that one)."""
    lang, leaf, product = spec_values["lang"], spec_values["leaf"], spec_values["product"]
    if lang not in ENGLISH_SOURCES:
        return None
    try:
        title_rng, description_rng = random.Random(), random.Random()
        title_rng.setstate(title_state)
        description_rng.setstate(description_state)
        title = english_title(
            title_rng, lang, product.titles[lang], lot=spec_values["lot"], colours=len(spec_values["colours"])
        )
        description = english_description(
            description_rng, lang, leaf, product.material, colours=spec_values["colours"],
            days=spec_values["days"], lot=spec_values["lot"], tier_from=spec_values["tier_from"],
        )  # fmt: skip
    except _NoEnglish:
        return None
    labels = LABELS[lang]
    material_label = labels["ingredients" if product.material in INGREDIENTS else "material"]
    origin = EN_ORIGIN_ELECTRONICS if lang == "zh" and leaf.segment == "phone" else EN_ORIGIN[lang]
    attributes = {material_label: EN_MATERIALS[product.material], labels["origin"]: origin}
    return {"title": title, "attributes": attributes, "description": description}


# --- prices, parcels, variants -------------------------------------------------------------------

CENT = Decimal("0.01")


def nice_price(amount: Decimal, currency: str) -> Decimal:
    """A shop-like price near `amount` (24.90 EUR, 349 RUB, 1290 RUB, 449.90 TRY, 159 CNY)."""
    amount = max(amount, Decimal(1))
    if currency == "RUB":
        if amount < 100:
            return Decimal(int(amount))
        step = 50 if amount < 1000 else 100
        return Decimal(max(1, round(amount / step)) * step - (1 if step == 50 else 10))
    if currency == "TRY" and amount >= 100:
        return Decimal(int(amount / 10) * 10) + Decimal("9.90")
    if currency == "CNY" and amount >= 100:
        return Decimal(int(amount / 10) * 10 + 9)
    return Decimal(int(amount)) + Decimal("0.90")


def plain_price(amount: Decimal, currency: str) -> Decimal:
    quantum = Decimal(1) if currency == "RUB" else CENT
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass
class Spec:
    """Everything one demo listing is made of, derived from its number alone."""

    index: int
    lang: str
    leaf: Leaf
    product: Product
    data: ListingInput
    colours: list[str]
    family: str
    status: str
    images: list[tuple[str, str, int]] = field(default_factory=list)  # (family, colour, style)
    english: dict | None = None  # our human English translation (zh/ru/tr listings), see english_text


def _variants(rng, lang, leaf, code, price, currency, *, max_variants=20) -> tuple[list[VariantInput], list[str]]:
    colours = []
    if leaf.palette:
        colours = rng.sample(leaf.palette, k=min(len(leaf.palette), rng.choice((1, 2, 2, 3, 3, 4))))
    sizes: list[str] = []
    steps: tuple = ()
    if leaf.sizes == "ring":
        sizes = list(RING_SIZES[lang])
    elif leaf.sizes:
        scale = SIZES[leaf.sizes]
        width = {"model": rng.choice((3, 4, 6)), "towel": rng.choice((2, 3)), "volume": 2}.get(
            leaf.sizes, rng.choice((3, 4, 5))
        )
        start = rng.randrange(0, len(scale) - width + 1) if leaf.sizes not in ("towel", "volume") else 0
        sizes = list(scale[start : start + width])
        steps = SIZE_PRICE_STEPS.get(leaf.sizes, ())
    while len(colours) * max(len(sizes), 1) > max_variants and len(colours) > 1:
        colours.pop()
    labels = LABELS[lang]
    size_key = labels["shoe" if leaf.sizes.startswith("shoe") else leaf.sizes] if leaf.sizes else ""
    variants = []
    for colour in colours or [""]:
        for position, size in enumerate(sizes or [""]):
            options = {}
            if colour:
                options[labels["colour"]] = colour_name(colour, lang)
            if size:
                options[size_key] = size
            size_code = "".join(ch for ch in size.upper() if ch.isascii() and ch.isalnum())
            sku = "-".join(part for part in (code, colour.upper(), size_code) if part)
            stock = 0 if rng.random() < 0.15 else rng.choice((3, 8, 15, 25, 40, 60, 120, 300, 999))
            override = None
            if steps and position < len(steps) and steps[position] != 1:
                override = nice_price(price * steps[position], currency)
            elif size in ("XXL", "iPhone 16 Pro Max") or (colour == "gold" and rng.random() < 0.5):
                override = nice_price(price * Decimal("1.1"), currency)
            variants.append(VariantInput(sku=sku or f"{code}-STD", options=options, stock=stock,
                                         price_override=override))  # fmt: skip
    return variants, colours


def _tiers(rng, price: Decimal, currency: str) -> list[TierInput]:
    shape = rng.choice(
        (
            ((1, 9, 1), (10, 49, Decimal("0.93")), (50, None, Decimal("0.86"))),
            ((1, 4, 1), (5, 19, Decimal("0.95")), (20, None, Decimal("0.9"))),
            ((1, 2, 1), (3, None, Decimal("0.95"))),
        )
    )
    tiers, last = [], None
    for low, high, factor in shape:
        amount = price if factor == 1 else plain_price(price * factor, currency)
        if last is not None and amount >= last:
            amount = last - (Decimal(1) if currency == "RUB" else CENT)
        tiers.append(TierInput(min_lots=low, max_lots=high, unit_price=amount))
        last = amount
    return tiers


def _parcel(rng, leaf: Leaf, lot: int) -> tuple[int, tuple[Decimal, Decimal, Decimal]]:
    grams = rng.randint(*leaf.grams)
    weight = min(MAX_WEIGHT_GRAMS, int(grams * lot * (0.9 if lot > 1 else 1)) + (30 if lot > 1 else 0))
    factor = lot ** (1 / 3) if lot > 1 else 1
    length, width, height = (side * rng.uniform(0.9, 1.1) for side in leaf.box)
    height = height * factor
    length, width = length * min(factor, 1.3), width * min(factor, 1.3)
    sides = [length, width, height]
    limit_side = float(settings.CARAVAN_PARCEL_MAX_SIDE_CM) - 2
    limit_sum = float(settings.CARAVAN_PARCEL_MAX_DIMENSIONS_SUM_CM) - 2
    shrink = min(1, limit_side / max(sides), limit_sum / sum(sides))
    return weight, tuple(Decimal(str(round(max(1.0, side * shrink), 1))) for side in sides)


def build_spec(index: int, plan: list[tuple[Leaf, str]], rates: dict[str, Decimal], *, bulk: bool = False) -> Spec:
    """Listing number `index` of the demo catalogue (the same every time)."""
    rng = random.Random(f"caravan-demo-{index}")
    leaf, lang = plan[index % len(plan)]
    choices = leaf.products_in(lang)
    product = choices[(index // len(plan) + rng.randrange(len(choices))) % len(choices)]
    currency = settings.CARAVAN_SELLER_COUNTRIES[SELLER_CODE[lang]]
    rate = rates[currency] if currency != "EUR" else Decimal(1)
    limit = MAX_DECLARED_EUR * rate

    unit_eur = Decimal(str(round(rng.uniform(*leaf.eur), 2))) * PRICE_FACTOR[lang]
    # The dearest variant (a bigger towel, XXL...) must still fit under the declared-value limit.
    headroom = max(SIZE_PRICE_STEPS.get(leaf.sizes, ()), default=Decimal("1.1"))
    lot = 1
    if leaf.lots and rng.random() < 0.45:
        lot = rng.choice(leaf.lots)
        while lot > 1 and (leaf.grams[1] * lot * 0.9 > MAX_WEIGHT_GRAMS
                           or unit_eur * lot * Decimal("0.9") * headroom > MAX_DECLARED_EUR):  # fmt: skip
            lot = max((x for x in leaf.lots if x < lot), default=1)
    lot_price = unit_eur * rate * lot * (Decimal("0.9") if lot > 1 else 1)
    price = nice_price(min(lot_price, limit / headroom), currency)
    code = f"{SELLER_CODE[lang]}{index:06d}"
    variants, colours = _variants(rng, lang, leaf, code, price, currency, max_variants=4 if bulk else 20)
    tiers = _tiers(rng, price, currency) if rng.random() < 0.33 else []
    declared = min(max([price] + [v.price_override for v in variants if v.price_override]), limit)
    weight, (length, width, height) = _parcel(rng, leaf, lot)
    days = rng.choice(PROCESSING_DAYS[lang])
    family = product.family or leaf.family
    attributes = {LABELS[lang]["ingredients" if product.material in INGREDIENTS else "material"]:
                  material_name(product.material, lang)}  # fmt: skip
    origin = ORIGIN_ELECTRONICS_ZH if lang == "zh" and leaf.segment == "phone" else ORIGIN[lang]
    attributes[LABELS[lang]["origin"]] = origin
    title_state = rng.getstate()  # the English twins replay the same draws from here
    title = make_title(rng, lang, product.titles[lang], lot=lot, colours=len(colours))
    description_state = rng.getstate()
    description = make_description(
        rng, lang, leaf, product.material, colours=colours, days=days, lot=lot,
        tier_from=tiers[1].min_lots if tiers else 0,
    )  # fmt: skip
    english = None
    if not bulk:
        english = english_text(
            {"lang": lang, "leaf": leaf, "product": product, "lot": lot, "colours": colours, "days": days,
             "tier_from": tiers[1].min_lots if tiers else 0},
            title_state, description_state,
        )  # fmt: skip
    data = ListingInput(
        category_id=0,  # filled in by the caller, which knows the rows
        title=title,
        price=price,
        weight_grams=weight,
        length_cm=length,
        width_cm=width,
        height_cm=height,
        declared_value=declared,
        source_language=LANGUAGES[lang],
        description=description,
        attributes=attributes,
        lot_size=lot,
        processing_days=days,
        hs_code=leaf.hs if rng.random() < 0.7 else "",
        variants=variants,
        tiers=tiers,
    )
    status = {13: ListingStatus.DRAFT, 29: ListingStatus.PAUSED}.get(index % 32, ListingStatus.ACTIVE)
    if status != ListingStatus.DRAFT and not any(v.stock > 0 for v in variants):
        variants[0].stock = 20  # it is published (paused ones were active once)
    spec = Spec(index=index, lang=lang, leaf=leaf, product=product, data=data, colours=colours, family=family,
                status=status, english=english)  # fmt: skip
    count = 1 + (rng.random() < 0.55) + (rng.random() < 0.2)
    for position in range(count):
        colour = colours[position] if position < len(colours) else (colours[0] if colours else "")
        spec.images.append((family, colour, position if position >= len(colours) else 0))
    return spec


def selling_plan() -> list[tuple[Leaf, str]]:
    """Every (sub-category, seller language) pair, in an order where the
    first few listings already reach every seller and every top-level
    category: round-robin over the sellers, each going round its categories."""
    by_lang: dict[str, list[Leaf]] = {lang: [] for lang in LANGUAGES}
    # Within a seller: interleave its sub-categories across segments.
    for lang in LANGUAGES:
        groups = [[leaf for leaf in LEAVES if leaf.segment == segment and leaf.products_in(lang)]
                  for segment in dict.fromkeys(leaf.segment for leaf in LEAVES)]  # fmt: skip
        while any(groups):
            for group in groups:
                if group:
                    by_lang[lang].append(group.pop(0))
    plan = []
    queues = {lang: list(leaves) for lang, leaves in by_lang.items()}
    while any(queues.values()):
        for lang in LANGUAGES:
            if queues[lang]:
                plan.append((queues[lang].pop(0), lang))
    return plan


PLAN = selling_plan()


# --- product photos ------------------------------------------------------------------------------
# A soft gradient in a tint of the variant's colour, a soft shadow and a flat,
# vector-like silhouette of the product. Shapes are drawn at twice the size and
# reduced, which smooths their edges for the price of one resize.

_SCALE = IMAGE_SIZE * 2 / 100  # drawings use a 100 × 100 grid


def _mix(rgb, other, amount: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * amount) for a, b in zip(rgb, other, strict=True))


class _Pen:
    def __init__(self, draw: ImageDraw.ImageDraw, rgb, accent=None):
        self.draw = draw
        self.main = (*rgb, 255)
        self.dark = (*_mix(rgb, (0, 0, 0), 0.3), 255)
        self.light = (*_mix(rgb, (255, 255, 255), 0.45), 255)
        self.accent = (*(accent or _mix(rgb, (255, 255, 255), 0.6)), 255)
        self.metal = (*MATERIAL_TINTS["brass"], 255)
        self.white = (250, 248, 244, 255)
        self.ink = (44, 44, 52, 255)

    @staticmethod
    def _xy(points):
        return [(x * _SCALE, y * _SCALE) for x, y in points]

    def poly(self, points, fill=None):
        self.draw.polygon(self._xy(points), fill=fill or self.main)

    def mirror(self, half, fill=None):
        """A shape symmetric about x = 50, from its right half (top to bottom)."""
        self.poly(list(half) + [(100 - x, y) for x, y in reversed(half)], fill)

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width=0.0):
        self.draw.ellipse(self._xy([(x0, y0), (x1, y1)]), fill=(fill or self.main) if outline is None else None,
                          outline=outline, width=round(width * _SCALE))  # fmt: skip

    def circle(self, x, y, r, fill=None, outline=None, width=0.0):
        self.ellipse(x - r, y - r, x + r, y + r, fill=fill or (None if outline else self.main), outline=outline,
                     width=width)  # fmt: skip

    def rect(self, x0, y0, x1, y1, r=0.0, fill=None, outline=None, width=0.0):
        self.draw.rounded_rectangle(self._xy([(x0, y0), (x1, y1)]), radius=r * _SCALE,
                                    fill=(fill or self.main) if outline is None else None, outline=outline,
                                    width=round(width * _SCALE))  # fmt: skip

    def line(self, points, width, fill=None):
        self.draw.line(self._xy(points), fill=fill or self.dark, width=round(width * _SCALE), joint="curve")

    def arc(self, x0, y0, x1, y1, start, end, width, fill=None):
        self.draw.arc(self._xy([(x0, y0), (x1, y1)]), start, end, fill=fill or self.dark, width=round(width * _SCALE))


def _draw_dress(p):
    p.mirror([(50, 14), (58, 14), (61, 24), (58, 40), (80, 88)])
    p.line([(42, 14), (40, 7)], 1.4)
    p.line([(58, 14), (60, 7)], 1.4)
    p.rect(41.5, 38, 58.5, 42, fill=p.dark)
    for x, y in ((36, 62), (50, 70), (62, 58), (44, 80), (68, 78), (30, 82), (54, 52)):
        p.circle(x, y, 1.6, fill=p.light)


def _draw_top(p, collar=False, long=False):
    sleeve = [(82, 36), (76, 46), (68, 40)] if not long else [(80, 30), (88, 80), (79, 82), (69, 44)]
    p.mirror([(50, 20), (56, 18), (67, 22), *sleeve, (68, 86)])
    p.mirror([(50, 30), (56, 18), (53, 18)], fill=p.dark)
    p.rect(31.5, 82, 68.5, 86, fill=p.dark)
    if collar:
        p.poly([(50, 30), (43, 17), (40, 24)], fill=p.light)
        p.poly([(50, 30), (57, 17), (60, 24)], fill=p.light)
        for y in (40, 52, 64, 76):
            p.circle(50, y, 1.2, fill=p.light)
    if long:
        p.rect(11.5, 76, 21, 81, fill=p.dark)
        p.rect(79, 76, 88.5, 81, fill=p.dark)


def _draw_knit(p):
    _draw_top(p, long=True)
    for x in range(33, 68, 3):
        p.line([(x, 82), (x, 86)], 0.5, fill=p.light)


def _draw_hoodie(p):
    p.ellipse(37, 10, 63, 34, fill=p.dark)
    _draw_top(p, long=True)
    p.rect(38, 58, 62, 72, r=3, fill=p.dark)
    p.line([(46, 24), (45, 40)], 0.8, fill=p.white)
    p.line([(54, 24), (55, 40)], 0.8, fill=p.white)


def _draw_pyjamas(p):
    p.mirror([(50, 56), (66, 56), (70, 90), (54, 90), (52, 66)], fill=p.dark)
    _draw_top(p, collar=True, long=True)


def _draw_skirt(p):
    p.mirror([(50, 20), (64, 20), (80, 82)])
    p.rect(36, 18, 64, 25, fill=p.dark)
    for x in (40, 46, 54, 60):
        p.line([(x + (x - 50) * 0.05, 26), (x + (x - 50) * 0.7, 80)], 0.6, fill=p.dark)


def _draw_trousers(p):
    p.mirror([(50, 14), (67, 14), (70, 88), (54, 88), (50, 36)])
    p.rect(33, 14, 67, 19, fill=p.dark)
    p.line([(36, 20), (40, 28)], 0.6, fill=p.light)
    p.line([(64, 20), (60, 28)], 0.6, fill=p.light)


def _draw_scarf(p):
    p.ellipse(28, 8, 72, 30, outline=p.main, width=7)
    p.poly([(30, 20), (42, 24), (46, 62), (40, 84), (28, 84), (33, 60)])
    p.poly([(70, 20), (58, 24), (60, 58), (72, 82), (60, 84), (52, 60)], fill=p.dark)
    for x0, x1, y0, y1, fill in ((29, 39, 72, 76, p.light), (61, 71, 70, 74, p.light)):
        p.rect(x0, y0, x1, y1, fill=fill)
    for x in range(29, 40, 2):
        p.line([(x, 84), (x, 89)], 0.5, fill=p.main)
    for x in range(60, 72, 2):
        p.line([(x, 84), (x + 0.5, 89)], 0.5, fill=p.dark)


def _draw_tie(p):
    p.mirror([(50, 22), (52, 22), (58, 74), (50, 86)])
    p.mirror([(50, 12), (55, 12), (53, 22)], fill=p.dark)
    for y in range(30, 80, 8):
        p.line([(45, y), (56, y - 5)], 0.9, fill=p.light)


def _draw_belt(p):
    p.rect(6, 44, 94, 56, r=2)
    p.rect(6, 44, 94, 56, r=2, outline=p.light, width=0.4)
    for x in (70, 76, 82):
        p.circle(x, 50, 1.1, fill=p.dark)
    p.rect(16, 39, 30, 61, r=2, outline=p.metal, width=2.2)
    p.line([(23, 41), (23, 59)], 1.4, fill=p.metal)


def _draw_heel(p):
    p.poly([(12, 68), (16, 58), (34, 54), (52, 60), (70, 44), (84, 42), (88, 50), (86, 68)])
    p.poly([(76, 66), (86, 66), (84, 88), (80, 88)], fill=p.dark)
    p.rect(12, 66, 78, 70, r=1, fill=p.dark)
    p.line([(36, 57), (48, 60)], 1.2, fill=p.light)


def _draw_loafer(p):
    p.poly([(8, 70), (12, 60), (34, 54), (54, 48), (74, 44), (88, 50), (92, 62), (92, 70)])
    p.rect(6, 68, 94, 75, r=2, fill=p.dark)
    p.poly([(40, 53), (54, 48), (60, 56), (46, 60)], fill=p.light)


def _draw_sneaker(p):
    p.poly([(10, 70), (12, 56), (30, 50), (48, 40), (64, 36), (78, 40), (88, 54), (90, 70)])
    p.rect(8, 67, 92, 78, r=3, fill=p.white)
    p.line([(8, 72), (92, 72)], 0.6, fill=p.light)
    for x in (44, 50, 56):
        p.line([(x, 42 + (56 - x) * 0.2), (x + 6, 52)], 0.9, fill=p.white)
    p.poly([(10, 70), (12, 58), (24, 54), (26, 68)], fill=p.dark)


def _draw_espadrille(p):
    p.poly([(14, 66), (20, 54), (44, 48), (70, 50), (86, 58), (88, 66)])
    p.rect(10, 64, 90, 78, r=6, fill=(*MATERIAL_TINTS["jute"], 255))
    for y in (67.5, 71, 74.5):
        p.line([(14, y), (86, y)], 0.5, fill=(*_mix(MATERIAL_TINTS["jute"], (90, 60, 20), 0.3), 255))
    for x in range(22, 80, 4):
        p.line([(x, 58 - (x - 50) ** 2 / 400), (x + 2, 58 - (x - 50) ** 2 / 400)], 0.5, fill=p.light)


def _draw_sandal(p):
    p.rect(8, 66, 92, 73, r=3, fill=(*MATERIAL_TINTS["wood"], 255))
    p.arc(16, 46, 48, 86, 200, 340, 3.2, fill=p.main)
    p.arc(40, 42, 72, 86, 200, 340, 3.2, fill=p.main)
    p.arc(58, 44, 88, 86, 210, 330, 3.2, fill=p.main)


def _draw_slipper(p):
    p.rect(8, 70, 92, 77, r=3, fill=p.light)
    p.rect(6, 76, 94, 81, r=2, fill=p.dark)
    p.poly([(40, 72), (44, 58), (58, 50), (78, 50), (90, 58), (92, 72)])
    p.line([(44, 58), (58, 50), (78, 50), (90, 58)], 2.2, fill=p.light)


def _draw_handbag(p):
    p.arc(32, 16, 68, 58, 180, 360, 3.6)
    p.poly([(20, 38), (80, 38), (86, 86), (14, 86)])
    p.poly([(20, 38), (80, 38), (78, 56), (50, 62), (22, 56)], fill=p.dark)
    p.rect(46, 56, 54, 64, r=1.5, fill=p.metal)


def _draw_wallet(p):
    p.rect(16, 30, 84, 72, r=4)
    p.rect(18.5, 32.5, 81.5, 69.5, r=3, outline=p.light, width=0.5)
    p.poly([(16, 30), (84, 30), (84, 46), (50, 54), (16, 46)], fill=p.dark)
    p.circle(50, 50, 2.6, fill=p.metal)


def _draw_backpack(p):
    p.arc(40, 10, 60, 30, 180, 360, 2.6)
    p.rect(24, 20, 76, 88, r=12)
    p.rect(32, 54, 68, 82, r=6, fill=p.dark)
    p.line([(34, 58), (66, 58)], 0.8, fill=p.light)
    p.line([(30, 34), (70, 34)], 0.8, fill=p.light)


def _draw_keyring(p):
    p.circle(50, 24, 9, outline=p.metal, width=2.2)
    p.rect(44, 30, 56, 38, r=1.5, fill=p.metal)
    p.mirror([(50, 36), (60, 36), (62, 80), (50, 88)])
    p.circle(50, 72, 2.2, fill=p.dark)


def _draw_hat(p):
    p.ellipse(8, 52, 92, 74, fill=p.dark if p.main[:3] != MATERIAL_TINTS["straw"] else p.main)
    p.ellipse(10, 51, 90, 71)
    p.rect(30, 28, 70, 63, r=12)
    p.rect(30, 52, 70, 58, fill=p.dark)


def _draw_mitten(p):
    p.ellipse(18, 36, 36, 64)
    p.rect(30, 18, 70, 74, r=18)
    p.rect(30, 72, 70, 88, r=2, fill=p.light)
    for x in range(33, 70, 4):
        p.line([(x, 73), (x, 87)], 0.6, fill=p.main)
    for x, y in ((42, 40), (50, 46), (58, 40), (50, 34)):
        p.circle(x, y, 1.6, fill=p.light)


def _draw_sunglasses(p):
    lens = (30, 30, 36, 255)
    for x0 in (14, 54):
        p.rect(x0, 38, x0 + 32, 62, r=10, fill=lens)
        p.rect(x0, 38, x0 + 32, 62, r=10, outline=p.main, width=2.2)
        p.line([(x0 + 6, 44), (x0 + 12, 42)], 1.0, fill=(120, 120, 130, 255))
    p.arc(44, 38, 56, 52, 200, 340, 2.2, fill=p.main)
    p.line([(14, 42), (6, 40)], 2.2, fill=p.main)
    p.line([(86, 42), (94, 40)], 2.2, fill=p.main)


def _draw_necklace(p):
    p.arc(14, 4, 86, 76, 15, 165, 2.0, fill=p.main)
    for i in range(1, 10):
        a = math.radians(15 + 150 * i / 10)
        p.circle(50 + 36 * math.cos(a), 40 + 36 * math.sin(a), 1.8, fill=p.main)
    p.circle(50, 77, 3.5, outline=p.main, width=1.4)
    p.mirror([(50, 79), (60, 88), (50, 98)], fill=p.accent)
    p.circle(50, 87, 2, fill=p.white)


def _draw_earring(p):
    for x in (34, 66):
        p.arc(x - 6, 14, x + 6, 30, 180, 360, 1.2, fill=p.main)
        p.line([(x + 6, 22), (x, 40)], 1.2, fill=p.main)
        p.ellipse(x - 7, 40, x + 7, 64, fill=p.accent)
        p.ellipse(x - 7, 40, x + 7, 64, outline=p.main, width=1.2)


def _draw_ring(p):
    p.ellipse(28, 40, 72, 82, outline=p.main, width=5)
    p.ellipse(30, 43, 70, 80, outline=p.light, width=0.8)
    p.mirror([(50, 22), (58, 30), (54, 40)], fill=p.accent)
    p.mirror([(50, 28), (54, 31), (50, 36)], fill=p.white)


def _draw_bracelet(p):
    steps = 18
    for i in range(steps):
        angle = 2 * math.pi * i / steps
        x, y = 50 + 30 * math.cos(angle), 52 + 22 * math.sin(angle)
        p.circle(x, y, 5.2, fill=p.accent if i % 3 else p.main)
        p.circle(x - 1.4, y - 1.4, 1.2, fill=p.white)


def _draw_watch(p):
    p.rect(40, 6, 60, 94, r=4)
    for y in (16, 22, 78, 84):
        p.line([(42, y), (58, y)], 0.5, fill=p.dark)
    p.circle(50, 50, 19, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.circle(50, 50, 16, fill=p.white)
    for i in range(12):
        a = 2 * math.pi * i / 12
        p.line([(50 + 13 * math.cos(a), 50 + 13 * math.sin(a)), (50 + 15 * math.cos(a), 50 + 15 * math.sin(a))],
               0.7, fill=p.ink)  # fmt: skip
    p.line([(50, 50), (50, 38)], 1.2, fill=p.ink)
    p.line([(50, 50), (58, 54)], 1.2, fill=p.ink)


def _draw_phone(p):
    p.rect(30, 10, 70, 90, r=8)
    p.rect(34, 14, 52, 32, r=4, fill=p.dark)
    for x, y in ((39, 19), (47, 19), (39, 27)):
        p.circle(x, y, 2.6, fill=(28, 28, 34, 255))
    p.circle(50, 62, 5, fill=p.light)


def _draw_screen(p):
    p.rect(28, 8, 72, 92, r=8, fill=(40, 40, 48, 255))
    p.rect(31, 11, 69, 89, r=6, fill=(84, 120, 176, 255))
    p.poly([(31, 60), (69, 24), (69, 40), (31, 76)], fill=(150, 184, 226, 255))
    p.rect(44, 13, 56, 16, r=1.5, fill=(24, 24, 28, 255))


def _draw_cable(p):
    points = [(20 + 60 * t / 40, 50 + 18 * math.sin(t / 40 * 2.5 * math.pi)) for t in range(41)]
    p.line(points, 2.4, fill=p.main)
    for x, y in (points[0], points[-1]):
        p.rect(x - 4, y - 6, x + 4, y + 6, r=1.5, fill=p.dark)
        p.rect(x - 2, y - 10, x + 2, y - 6, fill=(*MATERIAL_TINTS["silver925"], 255))


def _draw_charger(p):
    p.rect(26, 26, 74, 80, r=9)
    p.rect(36, 14, 40, 27, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.rect(60, 14, 64, 27, fill=(*MATERIAL_TINTS["silver925"], 255))
    for y in (44, 56):
        p.rect(40, y, 60, y + 5, r=1, fill=p.dark)


def _draw_earphones(p):
    p.rect(28, 44, 72, 82, r=14)
    p.line([(28, 58), (72, 58)], 0.6, fill=p.dark)
    for x in (38, 62):
        p.circle(x, 26, 7)
        p.rect(x - 2.5, 26, x + 2.5, 42, r=2)
    p.circle(50, 70, 1.3, fill=(90, 200, 120, 255))


def _draw_stand(p):
    p.rect(22, 78, 78, 86, r=3)
    p.poly([(44, 80), (52, 80), (66, 30), (60, 28)], fill=p.dark)
    p.poly([(40, 20), (62, 14), (72, 64), (50, 70)], fill=(40, 40, 48, 255))
    p.poly([(42, 23), (61, 18), (70, 62), (51, 67)], fill=(96, 130, 186, 255))


def _draw_towel(p):
    shades = (p.main, p.light, p.dark)
    for i, y in enumerate((62, 46, 30)):
        p.rect(18 - i, y, 82 + i, y + 18, r=4, fill=shades[i])
        p.rect(18 - i, y + 4, 82 + i, y + 6, fill=p.white)
        p.rect(18 - i, y + 11, 82 + i, y + 12, fill=p.white)


def _draw_bedding(p):
    p.rect(14, 50, 86, 86, r=3, fill=p.light)
    p.rect(14, 38, 86, 56, r=3)
    p.rect(20, 16, 80, 40, r=8, fill=p.white)
    p.rect(20, 16, 80, 40, r=8, outline=p.light, width=0.8)
    p.rect(46, 38, 54, 86, fill=p.dark)


def _draw_cushion(p):
    p.rect(16, 20, 84, 82, r=12)
    p.rect(16, 20, 84, 82, r=12, outline=p.dark, width=1.2)
    for cx, cy in ((34, 40), (66, 40), (50, 51), (34, 62), (66, 62)):
        p.poly([(cx, cy - 7), (cx + 6, cy), (cx, cy + 7), (cx - 6, cy)], fill=p.accent)
        p.poly([(cx, cy - 3), (cx + 2.5, cy), (cx, cy + 3), (cx - 2.5, cy)], fill=p.dark)


def _draw_casket(p):
    p.rect(18, 44, 82, 82, r=3, fill=p.accent)
    p.poly([(16, 44), (84, 44), (78, 30), (22, 30)], fill=(*_mix(p.accent[:3], (0, 0, 0), 0.25), 255))
    for y in (52, 60, 70):
        p.arc(10, y - 6, 60, y + 10, 200, 340, 0.8, fill=(*_mix(p.accent[:3], (255, 255, 255), 0.3), 255))
    p.rect(46, 42, 54, 52, r=1.5, fill=p.metal)


def _draw_candle(p):
    p.rect(30, 36, 70, 86, r=6, fill=p.accent)
    p.rect(34, 52, 66, 70, r=2, fill=p.white)
    p.line([(50, 36), (50, 30)], 0.8, fill=p.ink)
    p.mirror([(50, 14), (53, 24), (50, 31)], fill=(244, 170, 60, 255))


def _draw_lantern(p):
    p.line([(50, 4), (50, 16)], 1.0, fill=p.metal)
    p.rect(44, 16, 56, 22, fill=p.metal)
    p.ellipse(26, 22, 74, 82, fill=p.main)
    rng = random.Random(7)
    for y in range(28, 78, 6):
        for x in range(30, 72, 6):
            if (x - 50) ** 2 / 24**2 + (y - 52) ** 2 / 30**2 < 0.85:
                tint = rng.choice(((230, 70, 60), (250, 200, 80), (60, 140, 220), (80, 180, 120), (240, 240, 230)))
                p.rect(x, y, x + 4.6, y + 4.6, r=1, fill=(*tint, 255))
    p.rect(44, 82, 56, 88, fill=p.metal)


def _draw_vase(p):
    p.mirror([(50, 14), (58, 14), (57, 22), (56, 28), (66, 40), (71, 56), (66, 74), (58, 86), (50, 88)])
    p.rect(34, 44, 66, 49, fill=p.light)
    for x in (40, 50, 60):
        p.circle(x, 60, 2.2, fill=p.light)
    p.ellipse(43, 12, 57, 17, fill=p.dark)


def _draw_plate(p):
    p.circle(50, 50, 38)
    p.circle(50, 50, 30, fill=p.white)
    p.circle(50, 50, 38, outline=p.dark, width=0.8)
    for i in range(8):
        a = 2 * math.pi * i / 8
        p.circle(50 + 34 * math.cos(a), 50 + 34 * math.sin(a), 1.8, fill=p.light)
    for i in range(6):
        a = 2 * math.pi * i / 6
        p.circle(50 + 7 * math.cos(a), 50 + 7 * math.sin(a), 4, fill=p.main)
    p.circle(50, 50, 3, fill=(*MATERIAL_TINTS["brass"], 255))


def _draw_pot(p):
    for dx, dy in ((-14, 0), (0, -8), (14, 0), (-7, -4), (7, -4)):
        p.ellipse(44 + dx, 10 + dy + 10, 56 + dx, 44 + dy, fill=(70, 140, 80, 255))
    p.line([(50, 30), (50, 48)], 1.2, fill=(50, 110, 60, 255))
    p.mirror([(50, 52), (66, 52), (62, 88)])
    p.rect(32, 48, 68, 56, r=1, fill=p.dark)


def _draw_shears(p):
    p.line([(50, 50), (80, 16)], 3.0, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.line([(50, 50), (70, 12)], 3.0, fill=(160, 164, 172, 255))
    p.line([(50, 50), (24, 86)], 5.0, fill=p.main)
    p.line([(50, 50), (38, 90)], 5.0, fill=p.dark)
    p.circle(50, 50, 3, fill=p.metal)


def _draw_utensils(p):
    wood = (*MATERIAL_TINTS["olive-wood"], 255)
    p.rect(22, 40, 28, 92, r=3, fill=wood)
    p.ellipse(17, 8, 33, 42, fill=wood)
    p.rect(47, 40, 53, 92, r=3, fill=p.main)
    p.rect(42, 8, 58, 40, r=4, fill=p.main)
    for x in (46, 50, 54):
        p.line([(x, 12), (x, 34)], 1.0, fill=p.dark)
    p.rect(72, 40, 78, 92, r=3, fill=p.dark)
    p.rect(69, 8, 81, 42, r=6, fill=p.dark)


def _draw_teapot(p):
    p.arc(62, 38, 84, 70, 270, 90, 3.2)
    p.poly([(26, 58), (10, 36), (14, 34), (30, 52)])
    p.ellipse(22, 36, 78, 86)
    p.ellipse(36, 30, 64, 40, fill=p.dark)
    p.circle(50, 28, 3, fill=p.dark)
    p.rect(24, 56, 76, 60, fill=p.light)


def _draw_teaglass(p):
    p.ellipse(18, 78, 82, 90, fill=p.main)
    p.ellipse(24, 80, 76, 87, fill=p.light)
    tea = (176, 62, 30, 235)
    p.mirror([(50, 16), (64, 16), (60, 34), (57, 46), (62, 66), (58, 82)], fill=(230, 236, 240, 255))
    p.mirror([(50, 28), (62, 28), (58, 36), (55, 46), (60, 66), (56, 80)], fill=tea)
    p.line([(40, 22), (38, 40)], 0.8, fill=(255, 255, 255, 255))


def _draw_cezve(p):
    copper = (*MATERIAL_TINTS["copper"], 255)
    p.mirror([(50, 30), (66, 30), (62, 44), (68, 80), (50, 82)], fill=copper)
    p.line([(64, 36), (92, 22)], 3.0, fill=p.main)
    p.line([(36, 30), (30, 27)], 1.5, fill=copper)
    for y in (50, 60, 70):
        p.line([(38, y), (62, y)], 0.5, fill=(*_mix(copper[:3], (0, 0, 0), 0.25), 255))


def _draw_jar(p):
    p.rect(26, 30, 74, 86, r=8, fill=(*_mix(p.main[:3], (255, 255, 255), 0.75), 255))
    p.rect(24, 18, 76, 30, r=3)
    p.rect(32, 50, 68, 68, r=2, fill=p.white)
    p.line([(36, 56), (64, 56)], 0.8, fill=p.dark)
    p.line([(36, 62), (56, 62)], 0.8, fill=p.light)


def _draw_mat(p):
    p.rect(10, 40, 78, 70, r=2)
    p.circle(78, 55, 15, fill=p.dark)
    p.circle(78, 55, 11, outline=p.light, width=1)
    p.circle(78, 55, 6, outline=p.light, width=1)
    p.line([(20, 38), (20, 72)], 2, fill=p.white)
    p.line([(60, 38), (60, 72)], 2, fill=p.white)


def _draw_band(p):
    for i, shade in enumerate((p.main, p.light, p.dark)):
        p.ellipse(14 + i * 8, 22 + i * 6, 86 - i * 8, 82 - i * 6, outline=shade, width=4)


def _draw_bicycle(p):
    for x in (28, 72):
        p.circle(x, 62, 16, outline=p.ink, width=2.2)
        p.circle(x, 62, 2, fill=p.ink)
    p.line([(28, 62), (44, 40), (64, 40), (72, 62)], 2.2, fill=p.main)
    p.line([(44, 40), (50, 62), (64, 40)], 2.2, fill=p.main)
    p.line([(28, 62), (50, 62)], 2.2, fill=p.main)
    p.line([(42, 32), (48, 32)], 2.6, fill=p.ink)
    p.line([(64, 40), (62, 30), (68, 28)], 2.0, fill=p.ink)


def _draw_tent(p):
    p.poly([(50, 18), (88, 80), (12, 80)])
    p.poly([(50, 18), (88, 80), (68, 80)], fill=p.dark)
    p.poly([(50, 44), (60, 80), (40, 80)], fill=(40, 40, 48, 255))
    p.line([(4, 81), (96, 81)], 1.2, fill=(96, 120, 80, 255))


def _draw_lamp(p):
    p.arc(38, 8, 62, 30, 180, 360, 2.4)
    p.rect(34, 18, 66, 26, r=2, fill=p.dark)
    p.rect(36, 26, 64, 74, r=4, fill=(250, 236, 180, 255))
    p.rect(34, 74, 66, 84, r=2, fill=p.dark)
    for x in (42, 50, 58):
        p.line([(x, 28), (x, 72)], 0.6, fill=p.main)


def _draw_bottle(p, pump=False):
    p.rect(32, 34, 68, 88, r=8)
    p.rect(42, 24, 58, 36, fill=p.main)
    p.rect(40, 14, 60, 26, r=2, fill=p.dark)
    p.rect(36, 52, 64, 72, r=2, fill=p.white)
    p.line([(40, 58), (60, 58)], 0.8, fill=p.dark)
    p.line([(40, 64), (54, 64)], 0.8, fill=p.light)
    if pump:
        p.rect(46, 6, 54, 14, fill=p.dark)
        p.rect(46, 4, 66, 8, r=1.5, fill=p.dark)


def _draw_lipstick(p):
    p.rect(38, 52, 62, 88, r=2, fill=p.metal)
    p.rect(40, 40, 60, 54, r=1, fill=(*MATERIAL_TINTS["silver925"], 255))
    p.poly([(42, 40), (58, 40), (58, 22), (42, 30)], fill=p.main)
    p.line([(38, 70), (62, 70)], 0.8, fill=(*_mix(MATERIAL_TINTS["brass"], (0, 0, 0), 0.3), 255))


def _draw_palette(p):
    p.rect(14, 24, 86, 80, r=5, fill=(40, 40, 46, 255))
    shades = [_mix(p.main[:3], target, t) for target, t in
              (((255, 255, 255), 0.6), ((255, 255, 255), 0.3), ((0, 0, 0), 0), ((0, 0, 0), 0.3))]  # fmt: skip
    shades += [_mix((190, 150, 120), (0, 0, 0), t) for t in (0, 0.2, 0.4, 0.6)]
    for i, shade in enumerate(shades):
        x, y = 20 + (i % 4) * 16.5, 32 + (i // 4) * 23
        p.rect(x, y, x + 13, y + 18, r=2, fill=(*shade, 255))


def _draw_comb(p):
    wood = (*MATERIAL_TINTS["wood"], 255)
    p.rect(14, 34, 86, 50, r=4, fill=wood)
    for x in range(17, 84, 3):
        p.rect(x, 48, x + 1.6, 70, r=0.8, fill=wood)


def _draw_brush(p):
    for i, x in enumerate((32, 50, 68)):
        p.rect(x - 3, 46, x + 3, 92, r=3, fill=p.main if i != 1 else p.dark)
        p.rect(x - 4, 38, x + 4, 48, fill=p.metal)
        p.poly([(x, 12 + i * 5), (x + 5, 20 + i * 5), (x + 4, 38), (x - 4, 38), (x - 5, 20 + i * 5)],
               fill=(68, 56, 50, 255))  # fmt: skip


def _draw_roller(p):
    p.line([(50, 88), (50, 40)], 2.4, fill=p.metal)
    p.line([(36, 40), (64, 40)], 2.0, fill=p.metal)
    p.line([(36, 40), (36, 26)], 2.0, fill=p.metal)
    p.line([(64, 40), (64, 26)], 2.0, fill=p.metal)
    p.rect(30, 12, 70, 28, r=8, fill=p.accent)
    p.line([(36, 16), (50, 16)], 1.2, fill=p.white)


def _draw_soap(p):
    p.rect(20, 38, 80, 78, r=10, fill=p.accent)
    p.ellipse(34, 48, 66, 68, fill=(*_mix(p.accent[:3], (255, 255, 255), 0.3), 255))
    for x, y, r in ((70, 28, 5), (80, 20, 3), (62, 18, 3.5), (28, 30, 2.5)):
        p.circle(x, y, r, outline=(255, 255, 255, 255), width=0.7)


def _draw_swimsuit(p):
    p.mirror([(50, 30), (56, 16), (60, 16), (63, 46), (70, 76), (58, 80), (50, 70)])
    p.line([(41, 16), (40, 8)], 1.2)
    p.line([(59, 16), (60, 8)], 1.2)
    for x, y in ((44, 50), (56, 44), (50, 60), (60, 62), (40, 64)):
        p.circle(x, y, 2, fill=p.light)


def _draw_trunks(p):
    p.mirror([(50, 28), (70, 28), (74, 72), (54, 72), (50, 56)])
    p.rect(30, 26, 70, 32, fill=p.dark)
    p.line([(48, 32), (46, 42)], 0.7, fill=p.white)
    p.line([(52, 32), (54, 42)], 0.7, fill=p.white)
    p.rect(60, 38, 70, 50, r=1, fill=p.light)


def _draw_teddy(p, bunny=False):
    if bunny:
        p.ellipse(34, 2, 46, 34)
        p.ellipse(54, 2, 66, 34)
        p.ellipse(37, 6, 43, 30, fill=p.light)
        p.ellipse(57, 6, 63, 30, fill=p.light)
    else:
        p.circle(34, 18, 8)
        p.circle(66, 18, 8)
        p.circle(34, 18, 4, fill=p.light)
        p.circle(66, 18, 4, fill=p.light)
    p.ellipse(28, 46, 72, 92)
    p.ellipse(18, 50, 34, 72)
    p.ellipse(66, 50, 82, 72)
    p.ellipse(26, 78, 44, 94)
    p.ellipse(56, 78, 74, 94)
    p.circle(50, 32, 20)
    p.ellipse(40, 34, 60, 48, fill=p.light)
    p.circle(42, 28, 2, fill=p.ink)
    p.circle(58, 28, 2, fill=p.ink)
    p.ellipse(47, 36, 53, 40, fill=p.ink)
    p.ellipse(40, 58, 60, 80, fill=p.light)


def _draw_blocks(p):
    colours = ((214, 72, 64), (240, 190, 70), (70, 130, 200), (86, 170, 110), (160, 100, 180), (240, 140, 60))
    cells = ((18, 60), (42, 60), (66, 60), (30, 38), (54, 38), (42, 16))
    for (x, y), colour in zip(cells, colours, strict=True):
        p.rect(x, y, x + 20, y + 20, r=2, fill=(*colour, 255))
    p.circle(28, 70, 5, fill=p.white)
    p.poly([(52, 76), (57, 64), (62, 76)], fill=p.white)
    p.rect(71, 65, 81, 75, fill=p.white)
    p.circle(52, 26, 5, fill=p.white)


def _draw_matryoshka(p):
    red, yellow, face = (196, 48, 48, 255), (240, 196, 70, 255), (250, 226, 204, 255)
    for scale, x in ((1.0, 40), (0.7, 74), (0.45, 92)):

        def s(v, x=x, scale=scale):
            return x + (v - 50) * scale

        p.ellipse(s(22), 90 - 60 * scale, s(78), 90, fill=red)
        p.circle(s(50), 90 - 66 * scale, 20 * scale, fill=red)
        p.circle(s(50), 90 - 64 * scale, 13 * scale, fill=face)
        p.ellipse(s(36), 90 - 40 * scale, s(64), 88, fill=yellow)
        p.circle(s(50), 90 - 24 * scale, 6 * scale, fill=red)
        p.circle(s(45), 90 - 66 * scale, 1.3 * scale, fill=p.ink)
        p.circle(s(55), 90 - 66 * scale, 1.3 * scale, fill=p.ink)


def _draw_horse(p):
    wood = (*MATERIAL_TINTS["beech"], 255)
    p.ellipse(24, 40, 70, 64, fill=wood)
    p.poly([(60, 44), (70, 20), (80, 22), (84, 30), (74, 34), (70, 50)], fill=wood)
    for x in (30, 40, 54, 64):
        p.rect(x - 2, 58, x + 2, 74, fill=wood)
    p.rect(22, 74, 72, 78, r=2, fill=p.main)
    for x in (30, 64):
        p.circle(x, 82, 5, fill=(196, 48, 48, 255))
    p.poly([(70, 20), (64, 30), (62, 44), (68, 30)], fill=(196, 48, 48, 255))
    p.circle(77, 26, 1.2, fill=p.ink)


def _draw_train(p):
    colours = ((214, 72, 64), (240, 190, 70), (70, 130, 200), (86, 170, 110))
    p.rect(10, 44, 38, 72, r=2, fill=(*colours[0], 255))
    p.rect(14, 30, 30, 46, fill=(*colours[1], 255))
    p.rect(32, 32, 38, 46, fill=(*colours[2], 255))
    for i, x in enumerate((44, 70)):
        p.rect(x, 52, x + 22, 72, r=2, fill=(*colours[(i + 2) % 4], 255))
        p.rect(x + 4, 40, x + 14, 52, fill=(*colours[(i + 1) % 4], 255))
    for x in (18, 32, 50, 60, 76, 86):
        p.circle(x, 76, 5, fill=(*MATERIAL_TINTS["wood"], 255))


def _draw_puzzle(p):
    for (x, y), fill in (((22, 24), p.main), ((52, 24), p.light), ((22, 54), p.dark), ((52, 54), p.main)):
        p.rect(x, y, x + 28, y + 28, r=1, fill=fill)
    p.circle(50, 38, 5, fill=p.main)
    p.circle(36, 52, 5, fill=p.main)
    p.circle(66, 52, 5, fill=p.light)
    p.circle(50, 68, 5, fill=p.dark)


def _draw_chess(p):
    board_dark, board_light = (*MATERIAL_TINTS["jasper"], 255), (236, 220, 190, 255)
    for row in range(4):
        for col in range(8):
            p.rect(10 + col * 10, 60 + row * 7, 20 + col * 10, 67 + row * 7,
                   fill=board_dark if (row + col) % 2 else board_light)  # fmt: skip
    for x, fill in ((34, (40, 40, 44, 255)), (64, (246, 240, 228, 255))):
        p.circle(x, 24, 6, fill=fill)
        p.poly([(x - 5, 30), (x + 5, 30), (x + 9, 54), (x + 12, 60), (x - 12, 60), (x - 9, 54)], fill=fill)


DRAWERS = {name.removeprefix("_draw_"): fn for name, fn in globals().items() if name.startswith("_draw_")}
DRAWERS["shirt"] = lambda p: _draw_top(p, collar=True)
DRAWERS["bunny"] = lambda p: _draw_teddy(p, bunny=True)
DRAWERS["pump"] = lambda p: _draw_bottle(p, pump=True)

STYLES = (  # backgrounds: a tint of the colour; then two neutral studio ones
    None,
    ((244, 240, 234), (222, 212, 198)),
    ((236, 240, 244), (200, 210, 222)),
)


@lru_cache(maxsize=1)
def _backdrop_masks() -> tuple[Image.Image, Image.Image]:
    """The vertical gradient and the soft floor shadow, the same in every photo."""
    gradient = Image.linear_gradient("L").resize((IMAGE_SIZE, IMAGE_SIZE))
    shadow = Image.new("L", (100, 100), 0)
    ImageDraw.Draw(shadow).ellipse((18, 84, 82, 96), fill=90)
    return gradient, shadow.filter(ImageFilter.GaussianBlur(3)).resize((IMAGE_SIZE, IMAGE_SIZE))


@lru_cache(maxsize=512)
def product_photo(family: str, colour: str, style: int = 0, material: str = "") -> bytes:
    """An 800 × 800 JPEG of a `family` product in `colour` (a COLOURS key)."""
    rgb = COLOURS[colour][0] if colour else MATERIAL_TINTS.get(material, (150, 160, 176))
    accent = MATERIAL_TINTS.get(material)
    light = sum(rgb) / 3 > 175
    if STYLES[style % len(STYLES)] is None:
        top = _mix(rgb, (255, 255, 255), 0.86) if not light else (190, 200, 216)
        bottom = _mix(rgb, (255, 255, 255), 0.66) if not light else (132, 146, 170)
    else:
        top, bottom = STYLES[style % len(STYLES)]
    gradient, shadow = _backdrop_masks()
    photo = ImageOps.colorize(gradient, top, bottom)
    photo.paste(_mix(bottom, (0, 0, 0), 0.35), mask=shadow)

    layer = Image.new("RGBA", (IMAGE_SIZE * 2, IMAGE_SIZE * 2), (0, 0, 0, 0))
    DRAWERS[family](_Pen(ImageDraw.Draw(layer), rgb, accent))
    layer = layer.reduce(2)
    photo.paste(layer, mask=layer)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


# --- seeding -------------------------------------------------------------------------------------


def demo_sellers() -> dict[str, Seller]:
    """The approved demo stores, by short language code (zh, ru, it, es, tr)."""
    emails = {demo.email: SHORT[demo.language] for demo in DEMO_SELLERS if demo.outcome == SellerStatus.APPROVED}
    sellers = Seller.objects.filter(user__email__in=emails, status=SellerStatus.APPROVED).select_related("user")
    return {emails[seller.user.email]: seller for seller in sellers}


def _rates() -> dict[str, Decimal]:
    from marketplace.selectors import exchange_rates_current

    rates = exchange_rates_current()
    missing = sorted(set(settings.CARAVAN_SELLER_COUNTRIES.values()) - set(rates) - {"EUR"})
    if missing:
        raise MissingExchangeRate(", ".join(missing))
    return rates


def _leaf_categories() -> dict[str, int]:
    return dict(Category.objects.filter(parent__isnull=False).values_list("slug", "pk"))


def seed_listings(target: int = DEFAULT_TARGET) -> int:
    """Create demo listings through the services until the demo sellers have
    `target` between them; return how many were created (0 when already there).

    Needs the demo sellers (seed_sellers) and exchange rates. Each listing is
    one transaction (create, photos, publish), so an interrupted run leaves
    whole listings and the next run carries on from where it stopped."""
    sellers = demo_sellers()
    if not sellers:
        raise RuntimeError("The demo sellers are missing: run `manage.py seed_demo`.")
    existing = Listing.objects.filter(seller__in=sellers.values()).count()
    if existing >= target:
        return 0
    rates = _rates()
    categories = _leaf_categories()
    plan = [(leaf, lang) for leaf, lang in PLAN if lang in sellers]
    created = 0
    with_english = []
    for index in range(existing, target):
        spec = build_spec(index, plan, rates)
        seller = sellers[spec.lang]
        spec.data.category_id = categories[spec.leaf.slug]
        with transaction.atomic():
            listing = services.listing_create(actor=seller.user, seller_id=seller.pk, data=spec.data)
            for number, (family, colour, style) in enumerate(spec.images):
                photo = product_photo(family, colour, style, spec.product.material)
                upload = SimpleUploadedFile(f"photo-{number}.jpg", photo, content_type="image/jpeg")
                services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=upload)
            if spec.status != ListingStatus.DRAFT:
                services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
            if spec.status == ListingStatus.PAUSED:
                services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.PAUSED)
            if spec.english:
                listing_translation_store_human(
                    listing_id=listing.pk, language="en", engine=DEMO_TRANSLATION_ENGINE, **spec.english
                )
                with_english.append(listing.pk)
        created += 1
    # The other languages of those come from the engines: at once where the glossary reads their
    # titles offline (seed_demo's own pass only looks at listings without any translation); the
    # languages Apertium translates from our English (Spanish, Italian, Portuguese, French) and
    # the descriptions are left to the jobs publishing queued: no engine call is waited for here
    # that takes more than a fraction of a millisecond.
    if with_english:
        listing_translations_fill(with_english, with_description=False, skip_pivot=True)
    return created


# --- a large catalogue for benchmarks ---------------------------------------------------------------

POOL_DIR = "listings/pool"


def _pool_image(family: str, colour: str, material: str, cache: dict) -> tuple[str, str]:
    """One shared photo (and its thumbnail) per drawing and colour, written once."""
    key = (family, colour or material)
    if key not in cache:
        name = f"{POOL_DIR}/{family}-{colour or material or 'plain'}"
        full, thumb = f"{name}.jpg", f"{name}-400.jpg"
        if not default_storage.exists(full) or not default_storage.exists(thumb):
            data = product_photo(family, colour, 0, material)
            with Image.open(io.BytesIO(data)) as image:
                small = io.BytesIO()
                image.resize((400, 400), Image.Resampling.LANCZOS).save(small, "JPEG", quality=80)
            for path, content in ((full, data), (thumb, small.getvalue())):
                if default_storage.exists(path):
                    default_storage.delete(path)
                default_storage.save(path, ContentFile(content))
        cache[key] = (full, thumb)
    return cache[key]


def seed_bulk_listings(total: int, *, batch_size: int = BULK_BATCH_SIZE, progress=None) -> int:
    """Top the catalogue up to `total` listings with bulk inserts; return how
    many were created (0 when at least `total` exist).

    For benchmarks: rows are written directly (not through the services), in
    batches of `batch_size`, each batch one transaction with its variants,
    tiers and photo rows. The values are the same as the demo's (build_spec),
    so every row satisfies the rules the services enforce; photos are shared
    files from a small pool. Derived columns are filled as the services would:
    min_price and sort_price_eur per row, the search vectors by one set-based
    UPDATE at the end (also repairing rows a crashed run left without one)."""
    sellers = demo_sellers()
    if not sellers:
        raise RuntimeError("The demo sellers are missing: run `manage.py seed_demo`.")
    existing = Listing.objects.count()
    created = 0
    if existing < total:
        rates = _rates()
        categories = _leaf_categories()
        plan = [(leaf, lang) for leaf, lang in PLAN if lang in sellers]
        # Numbers far above the demo's, so their SKUs, prices and titles never collide with seed_listings'.
        first = 1_000_000 + Listing.objects.exclude(seller__in=sellers.values()).count() + existing
        pool: dict = {}
        now = timezone.now()
        for start in range(0, total - existing, batch_size):
            numbers = range(first + start, first + min(start + batch_size, total - existing))
            created += _bulk_batch(numbers, plan, rates, categories, sellers, pool, now)
            if progress:
                progress(existing + created)
    if connection.vendor == "postgresql":
        from .search import _vector_expression

        Listing.objects.filter(search_vector__isnull=True).update(search_vector=_vector_expression())
        if created:
            with connection.cursor() as cursor:
                for model in (Listing, ListingVariant, PriceTier, ListingImage):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return created


def _bulk_batch(numbers, plan, rates, categories, sellers, pool, now) -> int:
    specs, listings = [], []
    for number in numbers:
        spec = build_spec(number, plan, rates, bulk=True)
        rng = random.Random(number)
        data = spec.data
        currency = sellers[spec.lang].settlement_currency
        tiers = [Tier(t.min_lots, t.max_lots, Money(t.unit_price, currency)) for t in data.tiers]
        overrides = [Money(v.price_override, currency) if v.price_override is not None else None
                     for v in data.variants]  # fmt: skip
        price = Money(data.tiers[0].unit_price if data.tiers else data.price, currency)
        min_price = lowest_unit_price(base=price, tiers=tiers, variant_prices=overrides)
        published = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365))
        active = spec.status != ListingStatus.DRAFT
        listings.append(
            Listing(
                seller=sellers[spec.lang],
                category_id=categories[spec.leaf.slug],
                status=ListingStatus.ACTIVE if spec.status != ListingStatus.DRAFT else ListingStatus.DRAFT,
                source_language=data.source_language,
                title=data.title,
                description=data.description,
                attributes=data.attributes,
                option_names=list(dict.fromkeys(name for v in data.variants for name in v.options)),
                price=price,
                lot_size=data.lot_size,
                weight_grams=data.weight_grams,
                length_cm=data.length_cm,
                width_cm=data.width_cm,
                height_cm=data.height_cm,
                declared_value=Money(data.declared_value, currency),
                processing_days=data.processing_days,
                hs_code=data.hs_code,
                min_price=min_price,
                sort_price_eur=convert(min_price, "EUR", rates=rates).amount,
                created_at=published - timedelta(hours=rng.randint(1, 72)),
                published_at=published if active else None,
            )
        )
        specs.append(spec)
    with transaction.atomic():
        Listing.objects.bulk_create(listings)
        variants, tiers, images = [], [], []
        for spec, listing in zip(specs, listings, strict=True):
            currency = listing.price.currency.code
            for position, v in enumerate(spec.data.variants):
                override = Money(v.price_override, currency) if v.price_override is not None else None
                # Stock written directly, with no StockMovement: a benchmark bulk insert, not a seller's change.
                variants.append(ListingVariant(listing_id=listing.pk, sku=v.sku, options=v.options, stock=v.stock,
                                               price_override=override, position=position))  # fmt: skip
            for t in spec.data.tiers:
                tiers.append(PriceTier(listing_id=listing.pk, min_lots=t.min_lots, max_lots=t.max_lots,
                                       unit_price=Money(t.unit_price, currency)))  # fmt: skip
            for position, (family, colour, _style) in enumerate(spec.images[:2]):
                full, thumb = _pool_image(family, colour, spec.product.material, pool)
                images.append(ListingImage(listing_id=listing.pk, image=full, thumbnail=thumb, width=IMAGE_SIZE,
                                           height=IMAGE_SIZE, position=position))  # fmt: skip
        ListingVariant.objects.bulk_create(variants)
        PriceTier.objects.bulk_create(tiers)
        ListingImage.objects.bulk_create(images)
    return len(listings)
