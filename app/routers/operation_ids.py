"""The OpenAPI operationId of every operation, pinned: integrators generate clients from them, so renaming
a Python function must not change the contract. A new operation gets its id here (the app refuses to start
without one)."""

from __future__ import annotations

OPERATION_IDS: dict[tuple[str, str], str] = {
    ("POST", "/oauth/token"): "token_oauth_token_post",
    ("POST", "/api/v1/detenties"): "begin_detentie_api_v1_detenties_post",
    ("GET", "/api/v1/detenties/{detentie_id}"): "get_detentie_api_v1_detenties__detentie_id__get",
    ("PATCH", "/api/v1/detenties/{detentie_id}"): "patch_detentie_api_v1_detenties__detentie_id__patch",
    (
        "POST",
        "/api/v1/detenties/{detentie_id}/overplaatsingen",
    ): "overplaatsen_api_v1_detenties__detentie_id__overplaatsingen_post",
    ("POST", "/api/v1/detenties/{detentie_id}/einde"): "einde_api_v1_detenties__detentie_id__einde_post",
    ("GET", "/api/v1/notificaties"): "notificaties_api_v1_notificaties_get",
    ("GET", "/api/v1/beheer/partners"): "list_partners_api_v1_beheer_partners_get",
    ("POST", "/api/v1/beheer/partners"): "create_partner_api_v1_beheer_partners_post",
    ("GET", "/api/v1/beheer/partners/{partner_id}"): "get_partner_api_v1_beheer_partners__partner_id__get",
    (
        "PATCH",
        "/api/v1/beheer/partners/{partner_id}",
    ): "update_partner_api_v1_beheer_partners__partner_id__patch",
    (
        "POST",
        "/api/v1/beheer/partners/{partner_id}/clients",
    ): "create_client_api_v1_beheer_partners__partner_id__clients_post",
    (
        "GET",
        "/api/v1/beheer/partners/{partner_id}/clients",
    ): "list_clients_api_v1_beheer_partners__partner_id__clients_get",
    (
        "POST",
        "/api/v1/beheer/partners/{partner_id}/clients/{client_id}/rotatie",
    ): "rotate_client_api_v1_beheer_partners__partner_id__clients__client_id__rotatie_post",
    (
        "DELETE",
        "/api/v1/beheer/partners/{partner_id}/clients/{client_id}",
    ): "revoke_client_api_v1_beheer_partners__partner_id__clients__client_id__delete",
    ("GET", "/api/v1/beheer/onbestelbaar"): "onbestelbaar_api_v1_beheer_onbestelbaar_get",
    ("GET", "/api/v1/beheer/mandaten"): "list_mandaten_api_v1_beheer_mandaten_get",
    (
        "PUT",
        "/api/v1/beheer/mandaten/{gemeentecode}",
    ): "put_mandaat_api_v1_beheer_mandaten__gemeentecode__put",
    (
        "DELETE",
        "/api/v1/beheer/mandaten/{gemeentecode}",
    ): "delete_mandaat_api_v1_beheer_mandaten__gemeentecode__delete",
    ("GET", "/health/live"): "live_health_live_get",
    ("GET", "/health/ready"): "ready_health_ready_get",
    ("GET", "/api/v1/abonnementen"): "lijst_abonnementen_api_v1_abonnementen_get",
    ("POST", "/api/v1/abonnementen"): "maak_abonnement_api_v1_abonnementen_post",
    (
        "GET",
        "/api/v1/abonnementen/{abonnement_id}",
    ): "lees_abonnement_api_v1_abonnementen__abonnement_id__get",
    (
        "DELETE",
        "/api/v1/abonnementen/{abonnement_id}",
    ): "verwijder_abonnement_api_v1_abonnementen__abonnement_id__delete",
    (
        "POST",
        "/api/v1/abonnementen/{abonnement_id}/herstart",
    ): "herstart_abonnement_api_v1_abonnementen__abonnement_id__herstart_post",
    (
        "GET",
        "/api/v1/abonnementen/{abonnement_id}/afleveringen",
    ): "afleveringen_api_v1_abonnementen__abonnement_id__afleveringen_get",
    ("GET", "/api/v1/beheer/abonnementen"): "beheer_abonnementen_api_v1_beheer_abonnementen_get",
    ("POST", "/api/v1/bij-meldingen"): "meld_api_v1_bij_meldingen_post",
    ("GET", "/api/v1/bij-meldingen/{melding_id}"): "lees_api_v1_bij_meldingen__melding_id__get",
    (
        "POST",
        "/api/v1/detenties/{detentie_id}/intakes",
    ): "post_intake_api_v1_detenties__detentie_id__intakes_post",
    (
        "PUT",
        "/api/v1/detenties/{detentie_id}/toestemming",
    ): "put_toestemming_api_v1_detenties__detentie_id__toestemming_put",
    (
        "GET",
        "/api/v1/detenties/{detentie_id}/toestemmingen",
    ): "get_toestemmingen_api_v1_detenties__detentie_id__toestemmingen_get",
    (
        "GET",
        "/api/v1/detenties/{detentie_id}/informatiebladen",
    ): "get_informatiebladen_api_v1_detenties__detentie_id__informatiebladen_get",
    (
        "GET",
        "/api/v1/informatiebladen/{informatieblad_id}",
    ): "get_informatieblad_api_v1_informatiebladen__informatieblad_id__get",
    (
        "POST",
        "/api/v1/detenties/{detentie_id}/reclasseringsopdrachten",
    ): "post_opdracht_api_v1_detenties__detentie_id__reclasseringsopdrachten_post",
    (
        "GET",
        "/api/v1/detenties/{detentie_id}/basisvoorwaarden",
    ): "get_basisvoorwaarden_api_v1_detenties__detentie_id__basisvoorwaarden_get",
    ("POST", "/api/v1/verwerkingen/zoeken"): "zoek_verwerkingen_api_v1_verwerkingen_zoeken_post",
    ("POST", "/api/v1/inzage"): "inzage_rapport_api_v1_inzage_post",
}
