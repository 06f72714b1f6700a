"""Load test: ``locust -f tests/locustfile.py --host http://api:5000``."""

from locust import HttpUser, between, task


class PingUser(HttpUser):
    """Hits the health check, as a monitor or load balancer would."""

    wait_time = between(0.1, 0.5)

    @task
    def ping(self):
        self.client.get("/ping")
