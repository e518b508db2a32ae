import pytest

from xianju_invest.celery import ping


@pytest.mark.worker
def test_a_task_goes_through_a_real_worker_on_redis(celery_worker):
    result = ping.apply_async(args=["你好"])
    assert result.get(timeout=30) == "你好"
    assert result.successful()
