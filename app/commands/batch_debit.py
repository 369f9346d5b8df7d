"""`python -m app batch-debit --region beijing [--insurance-type resident_pension] [--year 2026]`:
generate one 批扣清册 now and send its debits (the daily sweep does the same on its own)."""

from __future__ import annotations

from app.bootstrap import command_services
from app.errors import DomainError
from app.paying import issue
from config.settings import Settings


async def batch_debit_command(settings: Settings, region: str, insurance_type: str, year: int | None) -> int:
    async with command_services(settings) as services:
        if region not in services.profiles:
            print(f"未知地区：{region}（可用：{', '.join(services.profiles)}）")
            return 2
        try:
            batch = await issue(services, region, insurance_type, year)
        except DomainError as exc:
            print(f"{exc.code}: {exc.message}")
            return 2
        print(f"批扣清册 {batch.batch_no}：{batch.region} {batch.insurance_type} {batch.year}年度，"
              f"发送扣款 {batch.debits} 笔，未扣 {len(batch.skipped)} 笔")
        for item in batch.skipped:
            print(f"  未扣：{item['payer_id_masked']} {item['reason']}")
        return 0
