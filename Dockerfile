FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY api ./api
COPY ontology ./ontology
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["gunicorn", "--workers", "1", "--threads", "8", "--bind", "0.0.0.0:8000", "api:create_app()"]
