# The API image: gunicorn serving "app:create_app()" as a non-root user.
# Build: docker build -t financial-api .   (docker-compose.prod.yml builds it for you)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# A fixed uid/gid so secret files and volumes can be owned by it on the host.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

# Dependencies in their own layer: it is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN pip install --no-cache-dir --requirement requirements.txt

# Code last, owned by root and read-only for the app user.
COPY app ./app
COPY financial ./financial
COPY lib ./lib
COPY conf ./conf
COPY get_raw_data.py ./

ENV APP_ENV=production \
    GUNICORN_BIND=0.0.0.0:8000 \
    GUNICORN_CMD_ARGS="--worker-tmp-dir /dev/shm" \
    LOG_DIR=""

USER 10001:10001
EXPOSE 8000

# Liveness only: /api/health never touches the database, so a database outage does not restart us.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=2)"]

CMD ["gunicorn", "--config", "conf/gunicorn.conf.py", "app:create_app()"]
