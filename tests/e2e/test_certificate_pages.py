"""Each region's certificate as a reader sees it, and its verification page in a real browser
(Playwright driving Debian's chromium), titled with the region's name for the document.

Pictures go to docs/screenshots/ with SHEBAO_UPDATE_SCREENSHOTS=1 (otherwise to a temporary
folder, so taking them is tested too): certificate-<region>[-<style>].png (the signed PDF's page at
150 dpi, as poppler draws it) and certificate-verify-<region>.png / certificate-verified-<region>.png.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

from PIL import Image

from app.certificates.models import Certificate
from app.clock import SHANGHAI
from tests.api.support import paid_and_posted
from tests.conftest import TODAY, drain, move_clock

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
REGIONS = {"hubei": ("resident_medical", ("table", "document"), "税收完税证明"),
           "guizhou": ("flexible_pension", ("table",), "社会保险费缴费证明"),
           "beijing": ("resident_medical", ("table",), "社会保险费缴费证明")}

CHARACTER_TOPS = """el => { const out = []; const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let n;
  while ((n = walk.nextNode())) { for (let i = 0; i < n.length; i++) { const r = document.createRange();
    r.setStart(n, i); r.setEnd(n, i + 1); out.push([n.data[i], Math.round(r.getBoundingClientRect().top)]); } }
  return out; }"""


def _page_png(pdf: bytes, target: Path, work: Path) -> int:
    """The PDF's first page drawn by poppler as a PNG at `target`; its width in pixels."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils: scripts/system-packages installs it"
    (work / "page.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1", str(work / "page.pdf"),
                    str(target.with_suffix(""))], check=True)
    with Image.open(target) as image:
        return image.width


async def test_each_regions_certificate_and_its_verification_page(server, client, services, wechat_sandbox, upstream,
                                                                  browser, shots, tmp_path):  # type: ignore[no-untyped-def]
    for region, (kind, styles, name) in REGIONS.items():
        move_clock(TODAY)
        headers, person, payment = await paid_and_posted(client, services, wechat_sandbox, region, kind)
        move_clock(datetime.combine(date(2026, 12, 31), datetime.min.time(), SHANGHAI))  # Guizhou's wait
        made = []
        for style in styles:
            r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers,
                                  json={"style": style})
            assert r.status_code == 202, r.text
            made.append(r.json()["certificates"][0])
        await drain()
        for style, one in zip(styles, made, strict=True):
            certificate = await Certificate.get(id=one["id"])
            assert certificate.pdf is not None and certificate.title == name
            suffix = f"-{style}" if len(styles) > 1 else ""
            width = _page_png(bytes(certificate.pdf), shots / f"certificate-{region}{suffix}.png", tmp_path)
            assert width >= 1200  # A4 at 150 dpi: readable

        context = await browser.new_context(base_url=server.ctx.base_url, viewport={"width": 420, "height": 860},
                                            locale="zh-CN")
        page = await context.new_page()
        code = made[0]["verification_code"]
        await page.goto(f"/certificates/verify/{region}?code={code}")
        assert await page.locator("h1").inner_text() == f"{name}查验"
        assert name in await page.title()
        captcha_id = await page.get_attribute("input[name=captcha_id]", "value")
        await page.fill("input[name=taxpayer_id]", person.id_number)
        await page.fill("input[name=captcha]", await services.kv.get(f"captcha:{captcha_id}"))
        await page.screenshot(path=str(shots / f"certificate-verify-{region}.png"), full_page=True)
        async with page.expect_navigation():
            await page.click("button:has-text('开始校验')")
        assert await page.locator(".ok").inner_text() == "校验通过：证明真实有效"
        assert await page.locator("h1").inner_text() == f"{name}查验结果"
        assert made[0]["tax_bureau"] in await page.locator("main").inner_text()
        for head in await page.locator("th").all():
            tops = dict(await head.evaluate(CHARACTER_TOPS))  # each character's line
            for word in ("入（退）库", "日期", "实缴（退）", "金额", "品目名称"):
                if word[0] in tops:  # today: 入（退）库日 / 期 on a phone
                    assert len({tops[ch] for ch in word}) == 1, (word, tops)
        await page.screenshot(path=str(shots / f"certificate-verified-{region}.png"), full_page=True)
        await context.close()
