"""Token check on every call, health checks included, when the engine has a token."""

from __future__ import annotations

import hmac

import grpc

from workprint.plugin.protocol.contract import AUTH_METADATA_KEY, auth_metadata


class TokenInterceptor(grpc.ServerInterceptor):
    def __init__(self, token: str) -> None:
        self._expected = dict(auth_metadata(token))[AUTH_METADATA_KEY].encode()

        def refuse(request, context):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong engine token")

        self._refusal = refuse

    def intercept_service(self, continuation, handler_call_details):
        sent = dict(handler_call_details.invocation_metadata or ()).get(AUTH_METADATA_KEY, "")
        if isinstance(sent, str):
            sent = sent.encode()
        if hmac.compare_digest(sent, self._expected):
            return continuation(handler_call_details)
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        # Answer with the same streaming shape the method has, refusing at once.
        if handler.response_streaming:

            def refuse_stream(request, context):
                self._refusal(request, context)
                yield  # pragma: no cover - abort raises first

            return grpc.unary_stream_rpc_method_handler(
                refuse_stream, handler.request_deserializer, handler.response_serializer
            )
        return grpc.unary_unary_rpc_method_handler(
            self._refusal, handler.request_deserializer, handler.response_serializer
        )
