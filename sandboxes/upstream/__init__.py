"""hrss / healthcare_security / treasury as our simulator plays them: the `Upstream` port in
process (`sandbox.SandboxUpstream`, its demo people in `demo_data`), and its HTTP face speaking
`app.upstream.protocol` (`http`)."""
