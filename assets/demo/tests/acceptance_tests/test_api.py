import requests

TIMEOUT = 10


def test_ping_reports_ok_and_a_version(server_url):
    response = requests.get(f"{server_url}/ping", timeout=TIMEOUT)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"].count(".") == 2


def test_users_list_is_json(server_url):
    response = requests.get(f"{server_url}/users", timeout=TIMEOUT)
    assert response.status_code == 200
    assert isinstance(response.json()["users"], list)


def test_a_user_without_email_is_refused(server_url):
    response = requests.post(f"{server_url}/users", json={"name": "x"}, timeout=TIMEOUT)
    assert response.status_code == 400
