import requests


def test_ping_answers_quickly(server_url):
    response = requests.get(f"{server_url}/ping", timeout=5)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
