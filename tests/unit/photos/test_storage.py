"""The S3-compatible store: the requests boto3 would send (botocore's Stubber checks their shape).

No bucket can be reached here; Stubber validates every call's parameters against the real
S3 service model and answers as S3 would, so a wrong call fails this test.
"""

from __future__ import annotations

import io

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from bot.core.settings import load_settings
from bot.photos.storage import DirectoryStore, PhotoStoreError, S3Store, new_key, store_for


def s3_client():
    return boto3.client(
        "s3", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test",  # noqa: S106
        endpoint_url="http://127.0.0.1:9",
    )


def test_put_get_delete_go_to_the_prefixed_key_as_attachments() -> None:
    client = s3_client()
    store = S3Store(bucket="recall-photos", prefix="photos/", client=client)
    key = new_key("image/jpeg")
    data = b"\xff\xd8\xff re-encoded"
    with Stubber(client) as stub:
        stub.add_response(
            "put_object", {},
            {"Bucket": "recall-photos", "Key": f"photos/{key}", "Body": data, "ContentType": "image/jpeg",
             "ContentDisposition": "attachment"},
        )
        stub.add_response(
            "get_object", {"Body": StreamingBody(io.BytesIO(data), len(data))},
            {"Bucket": "recall-photos", "Key": f"photos/{key}"},
        )
        stub.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404)
        stub.add_response("delete_object", {}, {"Bucket": "recall-photos", "Key": f"photos/{key}"})
        store.put(key, data, "image/jpeg")
        assert store.get(key) == data
        with pytest.raises(PhotoStoreError):
            store.get(key)
        store.delete(key)
        stub.assert_no_pending_responses()
    with pytest.raises(PhotoStoreError):
        store.put("../escape.jpg", data, "image/jpeg")


def test_the_store_follows_the_settings(tmp_path) -> None:
    directory = store_for(load_settings({"APP_ENV": "development", "PHOTO_DIR": str(tmp_path)}))
    assert isinstance(directory, DirectoryStore) and directory.root == tmp_path.resolve()
    with pytest.raises(PhotoStoreError):
        store_for(load_settings({"APP_ENV": "development", "PHOTO_STORE": "s3"}))  # no bucket named
    with pytest.raises(PhotoStoreError):
        store_for(load_settings({"APP_ENV": "development", "PHOTO_STORE": "ftp"}))
