"""Two sets of paths: the human page (inside i18n_patterns, so /en/ledger/ too) and the machine paths.

The machine paths are a public contract that outside verifiers rely on, without a language prefix:
``/ledger/checkpoint``, ``/ledger/key``, ``/ledger/witnesses`` (the witnesses' verifier keys, one a
line), ``/ledger/tile/<L>/<N>[.p/<W>]`` and ``/ledger/tile/entries/<N>[.p/<W>]``.
"""

from django.urls import path

from . import views, views_receipts, views_witness

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("entries/<id:index>/", views.entry, name="entry"),
    path("verify/", views_receipts.verify, name="verify"),
    path("receipts/", views_receipts.receipts, name="receipts"),
    path("receipts/<id:receipt_pk>/download/", views_receipts.receipt_download, name="receipt_download"),
]

machine_urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("key", views.key, name="key"),
    path("witnesses", views.witnesses, name="witnesses"),
    path("tile/<path:path>", views.tile, name="tile"),
    path("witness/key", views_witness.key, name="witness_key"),
    path("witness/add-checkpoint", views_witness.add_checkpoint, name="witness_add_checkpoint"),
]
