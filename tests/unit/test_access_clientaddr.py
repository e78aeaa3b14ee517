"""The client address for rate limits: X-Forwarded-For is believed only from TRUSTED_PROXIES."""

import pytest

from app.access.clientaddr import client_address, parse_networks

NGINX = parse_networks("127.0.0.1, 10.0.0.0/8, ::1")


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address("192.0.2.1", "203.0.113.5", ()) == "192.0.2.1"


def test_an_untrusted_peer_cannot_forge_its_address():
    assert client_address("192.0.2.1", "203.0.113.5", NGINX) == "192.0.2.1"


def test_a_trusted_proxy_hands_over_the_address_it_saw():
    assert client_address("127.0.0.1", "203.0.113.5", NGINX) == "203.0.113.5"


def test_hops_added_by_the_client_before_the_proxy_are_ignored():
    assert client_address("127.0.0.1", "1.1.1.1, 203.0.113.5", NGINX) == "203.0.113.5"


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop():
    assert client_address("127.0.0.1", "203.0.113.5, 10.1.2.3", NGINX) == "203.0.113.5"


def test_ipv6_and_a_missing_header():
    assert client_address("::1", "2001:db8::7", NGINX) == "2001:db8::7"
    assert client_address("::1", None, NGINX) == "::1"


def test_a_bad_entry_in_the_setting_is_an_error():
    with pytest.raises(ValueError):
        parse_networks("10.0.0.0/8, nginx")
