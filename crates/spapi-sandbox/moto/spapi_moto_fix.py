"""Two fixes to moto 5.2.5's EventBridge, for the SP-API partner event source path.

Installed into the test virtualenv by scripts/test.sh (with spapi_moto_fix.pth, which Python
runs at start-up); it patches moto.events.models when moto imports it, and does nothing else.
Set SPAPI_MOTO_FIX=off to run moto unpatched (the sandbox's moto_gaps tests do, to show each gap
is still there: drop the fix when they fail).

1. EventsBackend._normalize_event_bus_arn keeps only the last "/"-segment of a bus name or ARN,
   so PutRule and PutTargets on a partner bus, named after its source
   (aws.partner/sellingpartnerapi.amazon.com/ACCOUNT/APP), fail with "Event bus APP does not
   exist". Fixed: a name is kept whole; an ARN loses only its "...:event-bus/" prefix.
2. EventsBackend.put_partner_events sends every event to the default bus of each account the
   source was created for. Fixed: to the bus named after the source, as on AWS (and nowhere
   when no bus is associated with it).
"""

import importlib.abc
import importlib.machinery
import os
import sys

_MODULE = "moto.events.models"


def _patch(models):
    backend = models.EventsBackend

    def _normalize_event_bus_arn(self, event_bus_arn):
        if event_bus_arn is None:
            return "default"
        if event_bus_arn.startswith("arn:") and ":event-bus/" in event_bus_arn:
            return event_bus_arn.split(":event-bus/", 1)[1]
        return event_bus_arn

    def _get_event_bus(self, name):
        return original_get_event_bus(self, _normalize_event_bus_arn(self, name))

    def put_partner_events(self, entries):
        for entry in entries:
            source = entry["Source"]
            for account_id in self.partner_event_sources[source].accounts:
                account = models.events_backends[account_id][self.region_name]
                if source in account.event_buses:
                    account.put_events([dict(entry, EventBusName=source)])

    original_get_event_bus = backend._get_event_bus
    backend._normalize_event_bus_arn = _normalize_event_bus_arn
    backend._get_event_bus = _get_event_bus
    backend.put_partner_events = put_partner_events


class _Finder(importlib.abc.MetaPathFinder):
    """Patches moto.events.models right after it is first imported."""

    def find_spec(self, fullname, path, target=None):
        if fullname != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module):
            original_exec(module)
            _patch(module)

        loader.exec_module = exec_module
        return spec


if os.environ.get("SPAPI_MOTO_FIX", "on") != "off" and _MODULE not in sys.modules:
    sys.meta_path.insert(0, _Finder())
