"""HTTP routes: the health check and the users resource."""

from flask import Blueprint, current_app, jsonify, request

from core.daos import user as user_dao

bp = Blueprint("api", __name__)


@bp.route("/ping", methods=["GET", "POST"])
def ping():
    """Health check: answers 200 while the app runs."""
    return jsonify(status="ok", version=current_app.config["VERSION"])


@bp.get("/users")
def list_users():
    return jsonify(users=[u.to_dict() for u in user_dao.list_users()])


@bp.post("/users")
def create_user():
    body = request.get_json(silent=True) or {}
    email = str(body.get("email", "")).strip()
    name = str(body.get("name", "")).strip()
    if "@" not in email:
        return jsonify(error="`email` is required and must contain @"), 400
    try:
        created = user_dao.create(email=email, name=name)
    except user_dao.EmailTaken:
        return jsonify(error=f"a user with email {email} exists"), 409
    return jsonify(created.to_dict()), 201


@bp.get("/users/<int:user_id>")
def get_user(user_id: int):
    found = user_dao.get(user_id)
    if found is None:
        return jsonify(error=f"no user with id {user_id}"), 404
    return jsonify(found.to_dict())
