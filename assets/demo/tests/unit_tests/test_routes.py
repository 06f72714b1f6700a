def test_ping_answers_get_and_post(client):
    for method in (client.get, client.post):
        response = method("/ping")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok", "version": "9.9.9"}


def test_create_and_list_users(client):
    created = client.post("/users", json={"email": "ada@example.com", "name": "Ada"})
    assert created.status_code == 201
    body = created.get_json()
    assert body["email"] == "ada@example.com"
    listed = client.get("/users").get_json()["users"]
    assert [u["id"] for u in listed] == [body["id"]]
    assert client.get(f"/users/{body['id']}").get_json()["name"] == "Ada"


def test_bad_and_duplicate_users_are_refused(client):
    assert client.post("/users", json={"name": "no email"}).status_code == 400
    assert client.post("/users", json={"email": "ada@example.com"}).status_code == 201
    assert client.post("/users", json={"email": "ada@example.com"}).status_code == 409


def test_unknown_paths_answer_json(client):
    response = client.get("/users/999")
    assert response.status_code == 404
    assert "error" in response.get_json()
    assert client.get("/nowhere").get_json()["error"]
