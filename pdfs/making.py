"""A certificate's two files, as the job makes them: the signed PDF and the album image.

Each step holds only its own library's lock (reportlab's font state, the signer's shared chain
and OCSP answers, PDFium's global state), so a worker running several certificate jobs at once
draws one certificate while it signs another and renders a third's image; PDFium and Pillow
release the GIL while they draw and encode."""

from __future__ import annotations

import asyncio

from pdfs.certificate import CertificateData, render_pdf
from pdfs.signing import CertificateSigner, album_png


async def make_certificate(data: CertificateData, signer: CertificateSigner) -> tuple[bytes, bytes]:
    """The signed PDF (PAdES B-LTA) and its album PNG, off the caller's event loop."""
    pdf = await asyncio.to_thread(signed_pdf, data, signer)
    return pdf, await asyncio.to_thread(album_png, pdf)


def signed_pdf(data: CertificateData, signer: CertificateSigner) -> bytes:
    """The certificate drawn and signed (blocking)."""
    return signer.sign(render_pdf(data))
