"""Realistic task and camera names, Chinese and English, within IVC's naming rules.

IVC accepts task names of at most 32 characters made of Chinese characters, English
letters, digits, ``_`` and ``-``; every generated name keeps to that.
"""

from __future__ import annotations

import random
import re

MAX_NAME_LENGTH = 32
NAME_PATTERN = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9_-]{1,32}$")

_PLACES = {
    "北京": ("朝阳", "海淀", "东城", "丰台"),
    "上海": ("浦东", "徐汇", "静安", "闵行"),
    "广州": ("天河", "越秀", "番禺"),
    "深圳": ("南山", "福田", "宝安"),
    "杭州": ("西湖", "滨江", "余杭"),
    "成都": ("锦江", "武侯", "高新"),
    "武汉": ("江汉", "洪山"),
    "南京": ("鼓楼", "江宁"),
    "西安": ("雁塔", "未央"),
}
_SITES = ("门店", "仓库", "园区", "停车场", "写字楼", "工厂", "物流中心")
_SPOTS = ("前门", "后门", "收银台", "大堂", "电梯口", "装卸区", "周界", "通道", "出入口")
_REASONS = ("", "_取证", "_复核", "_客诉", "_盘点")

_SITES_EN = (
    "Warehouse-A",
    "Warehouse-B",
    "Store-12",
    "Store-0415",
    "HQ",
    "Plant-3",
    "Parking-P2",
    "Lab",
    "DC-East",
)
_SPOTS_EN = (
    "dock_cam",
    "entrance",
    "lobby",
    "cashier",
    "loading_bay",
    "perimeter",
    "gate",
    "aisle-7",
    "roof",
)
_REASONS_EN = ("", "_recheck", "_incident", "_audit", "_claim")

_CAMERA_KINDS = ("枪机", "球机", "半球", "Bullet", "Dome", "PTZ")


def task_name(rng: random.Random, month: int, day: int) -> str:
    """A task name like ``北京朝阳门店-前门_0312`` or ``Warehouse-B-dock_cam_0312``."""
    stamp = f"{month:02d}{day:02d}"
    if rng.random() < 0.6:
        city = rng.choice(tuple(_PLACES))
        place = city + rng.choice(_PLACES[city]) + rng.choice(_SITES)
        name = f"{place}-{rng.choice(_SPOTS)}_{stamp}{rng.choice(_REASONS)}"
    else:
        name = f"{rng.choice(_SITES_EN)}-{rng.choice(_SPOTS_EN)}_{stamp}{rng.choice(_REASONS_EN)}"
    return name[:MAX_NAME_LENGTH]


def device_name(rng: random.Random, index: int) -> str:
    """A camera (device) name like ``前门球机01`` or ``gate-Dome-02``."""
    if rng.random() < 0.6:
        return f"{rng.choice(_SPOTS)}{rng.choice(_CAMERA_KINDS[:3])}{index:02d}"
    return f"{rng.choice(_SPOTS_EN)}-{rng.choice(_CAMERA_KINDS[3:])}-{index:02d}"
