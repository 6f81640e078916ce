import protobuf from "protobufjs";
import { LIMITS } from "../../lib/core/contract";

/**
 * The OTLP trace messages (opentelemetry-proto v1: collector/trace/v1/trace_service.proto,
 * trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto) and google.rpc.Status,
 * as a protobufjs JSON descriptor: the wire format is decoded by protobufjs, not by hand.
 * Fields Tooltrail does not read (links, flags, trace_state, schema URLs) are left out; protobufjs
 * skips unknown fields, as protobuf requires.
 */
const kv = { fields: { key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } } };
const descriptor = {
  nested: {
    otlp: {
      nested: {
        ExportTraceServiceRequest: {
          fields: { resourceSpans: { rule: "repeated", type: "ResourceSpans", id: 1 } },
        },
        ExportTraceServiceResponse: {
          fields: { partialSuccess: { type: "ExportTracePartialSuccess", id: 1 } },
        },
        ExportTracePartialSuccess: {
          fields: {
            rejectedSpans: { type: "int64", id: 1 },
            errorMessage: { type: "string", id: 2 },
          },
        },
        ResourceSpans: {
          fields: {
            resource: { type: "Resource", id: 1 },
            scopeSpans: { rule: "repeated", type: "ScopeSpans", id: 2 },
          },
        },
        Resource: { fields: { attributes: { rule: "repeated", type: "KeyValue", id: 1 } } },
        ScopeSpans: { fields: { spans: { rule: "repeated", type: "Span", id: 2 } } },
        Span: {
          fields: {
            traceId: { type: "bytes", id: 1 },
            spanId: { type: "bytes", id: 2 },
            parentSpanId: { type: "bytes", id: 4 },
            name: { type: "string", id: 5 },
            kind: { type: "int32", id: 6 },
            startTimeUnixNano: { type: "fixed64", id: 7 },
            endTimeUnixNano: { type: "fixed64", id: 8 },
            attributes: { rule: "repeated", type: "KeyValue", id: 9 },
            events: { rule: "repeated", type: "Event", id: 11 },
            status: { type: "Status", id: 15 },
          },
        },
        Event: {
          fields: {
            timeUnixNano: { type: "fixed64", id: 1 },
            name: { type: "string", id: 2 },
            attributes: { rule: "repeated", type: "KeyValue", id: 3 },
          },
        },
        Status: { fields: { message: { type: "string", id: 2 }, code: { type: "int32", id: 3 } } },
        KeyValue: kv,
        AnyValue: {
          oneofs: {
            value: {
              oneof: [
                "stringValue",
                "boolValue",
                "intValue",
                "doubleValue",
                "arrayValue",
                "kvlistValue",
                "bytesValue",
              ],
            },
          },
          fields: {
            stringValue: { type: "string", id: 1 },
            boolValue: { type: "bool", id: 2 },
            intValue: { type: "int64", id: 3 },
            doubleValue: { type: "double", id: 4 },
            arrayValue: { type: "ArrayValue", id: 5 },
            kvlistValue: { type: "KeyValueList", id: 6 },
            bytesValue: { type: "bytes", id: 7 },
          },
        },
        ArrayValue: { fields: { values: { rule: "repeated", type: "AnyValue", id: 1 } } },
        KeyValueList: { fields: { values: { rule: "repeated", type: "KeyValue", id: 1 } } },
        RpcStatus: {
          fields: { code: { type: "int32", id: 1 }, message: { type: "string", id: 2 } },
        },
      },
    },
  },
};

// Message nesting deeper than the contract's body depth is refused by the decoder ("max depth
// exceeded", answered 400), before its recursion could exhaust the stack. Equal to protobuf's
// default (100) today; set here so the documented limit is the one enforced.
protobuf.Reader.recursionLimit = LIMITS.bodyDepth;

const root = protobuf.Root.fromJSON(descriptor);
export const ExportTraceServiceRequest = root.lookupType("otlp.ExportTraceServiceRequest");
export const ExportTraceServiceResponse = root.lookupType("otlp.ExportTraceServiceResponse");
export const RpcStatus = root.lookupType("otlp.RpcStatus");
