"""What the governance API's modules share: the router they add their routes to."""

from ninja import Router

router = Router(tags=["governance"])
MAX_LIMIT = 200
