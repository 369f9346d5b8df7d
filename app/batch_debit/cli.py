"""`python -m app batch-debit --region beijing [--insurance-type resident_pension] [--year 2026]`:
generate one 批扣清册 now and send its debits (the daily sweep does the same on its own)."""

from __future__ import annotations

from config.settings import Settings


async def batch_debit_command(settings: Settings, region: str, insurance_type: str, year: int | None) -> int:
    from app import db
    from app.batch_debit.lists import issue
    from app.bootstrap import build_services, close_services
    from app.errors import DomainError

    await db.connect(settings)
    try:
        services = await build_services(settings)
        try:
            if region not in services.profiles:
                print(f"未知地区：{region}（可用：{', '.join(services.profiles)}）")
                return 2
            try:
                run = await issue(services, region, insurance_type, year)
            except DomainError as exc:
                print(f"{exc.code}: {exc.message}")
                return 2
            print(f"批扣清册 {run.batch_no}：{run.region} {run.insurance_type} {run.year}年度，"
                  f"发送扣款 {run.debits} 笔，未扣 {len(run.skipped)} 笔")
            for item in run.skipped:
                print(f"  未扣：{item['payer_id_masked']} {item['reason']}")
            return 0
        finally:
            await close_services(services)
    finally:
        await db.disconnect()
