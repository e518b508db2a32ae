FROM python:3.11-slim
# DEBUG is off unless the environment turns it on and ALLOW_DEBUG=1 says so (docker-entrypoint.sh);
# with DEBUG off the portal refuses to start without a SECRET_KEY.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
EXPOSE 8000
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["gunicorn", "xianju_invest.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
