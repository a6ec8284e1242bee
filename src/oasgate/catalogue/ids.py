"""A name for every rule id of the catalogue: the diff and the policy emit rules by
these names, so a misspelt one fails at import, mypy holds every emitting call to a
``RuleId``, and "find usages" goes from a rule to its detector.

Generated from the catalogue by ``python scripts/gen_docs.py`` (a test fails when it is out
of date): declare a rule in the catalogue, regenerate, then emit it by its name here. A
declarative table, long on purpose.

The rules the catalogue declares as a product have a name for each part instead, composed
with :func:`oasgate.catalogue.schema_rule_id` (a ``SITE_`` × an ``ASPECT_``) or
:func:`oasgate.catalogue.lifecycle_rule_id` (an ``ELEMENT_`` × a ``LIFECYCLE_``); every
combination is a rule, since the catalogue builds them as the product. The ``versions-``
rules are the versions policy's (:mod:`oasgate.catalogue.versions`).
"""

from __future__ import annotations

from typing import Final

from oasgate.catalogue.base import AspectName, ElementName, LifecycleAspectName, RuleId, SiteName

# -- structural rules ---------------------------------------------------------------------------

PATH_REMOVED: Final = RuleId("path-removed")
PATH_ADDED: Final = RuleId("path-added")
OPERATION_REMOVED: Final = RuleId("operation-removed")
OPERATION_ADDED: Final = RuleId("operation-added")
REQUEST_PARAMETER_REQUIRED_ADDED: Final = RuleId("request-parameter-required-added")
REQUEST_PARAMETER_OPTIONAL_ADDED: Final = RuleId("request-parameter-optional-added")
REQUEST_PARAMETER_REMOVED: Final = RuleId("request-parameter-removed")
REQUEST_PARAMETER_BECAME_REQUIRED: Final = RuleId("request-parameter-became-required")
REQUEST_PARAMETER_BECAME_OPTIONAL: Final = RuleId("request-parameter-became-optional")
REQUEST_PROPERTY_REQUIRED_ADDED: Final = RuleId("request-property-required-added")
REQUEST_PROPERTY_OPTIONAL_ADDED: Final = RuleId("request-property-optional-added")
REQUEST_PROPERTY_REMOVED: Final = RuleId("request-property-removed")
REQUEST_PROPERTY_BECAME_REQUIRED: Final = RuleId("request-property-became-required")
REQUEST_PROPERTY_BECAME_OPTIONAL: Final = RuleId("request-property-became-optional")
RESPONSE_PROPERTY_REMOVED: Final = RuleId("response-property-removed")
RESPONSE_PROPERTY_ADDED: Final = RuleId("response-property-added")
RESPONSE_PROPERTY_BECAME_OPTIONAL: Final = RuleId("response-property-became-optional")
RESPONSE_PROPERTY_BECAME_REQUIRED: Final = RuleId("response-property-became-required")
RESPONSE_SUCCESS_STATUS_REMOVED: Final = RuleId("response-success-status-removed")
RESPONSE_NON_SUCCESS_STATUS_REMOVED: Final = RuleId("response-non-success-status-removed")
RESPONSE_NON_SUCCESS_STATUS_ADDED: Final = RuleId("response-non-success-status-added")
REQUEST_MEDIA_TYPE_REMOVED: Final = RuleId("request-media-type-removed")
REQUEST_MEDIA_TYPE_ADDED: Final = RuleId("request-media-type-added")
RESPONSE_MEDIA_TYPE_REMOVED: Final = RuleId("response-media-type-removed")
RESPONSE_NON_SUCCESS_MEDIA_TYPE_REMOVED: Final = RuleId("response-non-success-media-type-removed")
RESPONSE_MEDIA_TYPE_ADDED: Final = RuleId("response-media-type-added")
REQUEST_BODY_BECAME_REQUIRED: Final = RuleId("request-body-became-required")
REQUEST_BODY_BECAME_OPTIONAL: Final = RuleId("request-body-became-optional")
REQUEST_BODY_REQUIRED_ADDED: Final = RuleId("request-body-required-added")
REQUEST_BODY_OPTIONAL_ADDED: Final = RuleId("request-body-optional-added")
REQUEST_BODY_REMOVED: Final = RuleId("request-body-removed")

# -- operations rules ---------------------------------------------------------------------------

PATH_TRAILING_SLASH_CHANGED: Final = RuleId("path-trailing-slash-changed")
OPERATION_RENAMED: Final = RuleId("operation-renamed")
OPERATION_ID_ADDED: Final = RuleId("operation-id-added")
OPERATION_ID_REMOVED: Final = RuleId("operation-id-removed")
OPERATION_ID_CHANGED: Final = RuleId("operation-id-changed")
OPERATION_TAG_ADDED: Final = RuleId("operation-tag-added")
OPERATION_TAG_REMOVED: Final = RuleId("operation-tag-removed")
REQUEST_PARAMETER_RENAMED: Final = RuleId("request-parameter-renamed")
REQUEST_PARAMETER_SERIALIZATION_CHANGED: Final = RuleId("request-parameter-serialization-changed")
REQUEST_PARAMETER_ALLOW_EMPTY_VALUE_REMOVED: Final = RuleId(
    "request-parameter-allow-empty-value-removed"
)
REQUEST_PARAMETER_ALLOW_EMPTY_VALUE_ADDED: Final = RuleId(
    "request-parameter-allow-empty-value-added"
)
REQUEST_PARAMETER_ALLOW_RESERVED_REMOVED: Final = RuleId("request-parameter-allow-reserved-removed")
REQUEST_PARAMETER_ALLOW_RESERVED_ADDED: Final = RuleId("request-parameter-allow-reserved-added")
REQUEST_PARAMETER_COLLECTION_FORMAT_CHANGED: Final = RuleId(
    "request-parameter-collection-format-changed"
)
COMPONENT_SCHEMA_REMOVED: Final = RuleId("component-schema-removed")

# -- content rules ------------------------------------------------------------------------------

RESPONSE_SUCCESS_STATUS_ADDED: Final = RuleId("response-success-status-added")
RESPONSE_SUCCESS_STATUS_GENERALIZED: Final = RuleId("response-success-status-generalized")
REQUEST_MEDIA_TYPE_GENERALIZED: Final = RuleId("request-media-type-generalized")
REQUEST_MEDIA_TYPE_SPECIALIZED: Final = RuleId("request-media-type-specialized")
REQUEST_MEDIA_TYPE_PARAMETERS_CHANGED: Final = RuleId("request-media-type-parameters-changed")
RESPONSE_MEDIA_TYPE_GENERALIZED: Final = RuleId("response-media-type-generalized")
RESPONSE_MEDIA_TYPE_SPECIALIZED: Final = RuleId("response-media-type-specialized")
RESPONSE_MEDIA_TYPE_PARAMETERS_CHANGED: Final = RuleId("response-media-type-parameters-changed")
RESPONSE_NON_SUCCESS_MEDIA_TYPE_CHANGED: Final = RuleId("response-non-success-media-type-changed")
REQUEST_MEDIA_TYPE_SCHEMA_ADDED: Final = RuleId("request-media-type-schema-added")
REQUEST_MEDIA_TYPE_SCHEMA_REMOVED: Final = RuleId("request-media-type-schema-removed")
RESPONSE_MEDIA_TYPE_SCHEMA_ADDED: Final = RuleId("response-media-type-schema-added")
RESPONSE_MEDIA_TYPE_SCHEMA_REMOVED: Final = RuleId("response-media-type-schema-removed")
RESPONSE_NON_SUCCESS_MEDIA_TYPE_SCHEMA_REMOVED: Final = RuleId(
    "response-non-success-media-type-schema-removed"
)
RESPONSE_HEADER_REMOVED: Final = RuleId("response-header-removed")
RESPONSE_NON_SUCCESS_HEADER_REMOVED: Final = RuleId("response-non-success-header-removed")
RESPONSE_HEADER_ADDED: Final = RuleId("response-header-added")
RESPONSE_HEADER_BECAME_OPTIONAL: Final = RuleId("response-header-became-optional")
RESPONSE_HEADER_BECAME_REQUIRED: Final = RuleId("response-header-became-required")
RESPONSE_LINK_REMOVED: Final = RuleId("response-link-removed")
RESPONSE_LINK_ADDED: Final = RuleId("response-link-added")
RESPONSE_LINK_CHANGED: Final = RuleId("response-link-changed")

# -- security rules -----------------------------------------------------------------------------

SECURITY_ADDED: Final = RuleId("security-added")
SECURITY_REMOVED: Final = RuleId("security-removed")
SECURITY_REQUIREMENT_ADDED: Final = RuleId("security-requirement-added")
SECURITY_REQUIREMENT_REMOVED: Final = RuleId("security-requirement-removed")
SECURITY_REQUIREMENT_RELAXED: Final = RuleId("security-requirement-relaxed")
SECURITY_SCOPE_ADDED: Final = RuleId("security-scope-added")
SECURITY_SCOPE_REMOVED: Final = RuleId("security-scope-removed")
SECURITY_SCHEME_ADDED: Final = RuleId("security-scheme-added")
SECURITY_SCHEME_REMOVED: Final = RuleId("security-scheme-removed")
SECURITY_SCHEME_RENAMED: Final = RuleId("security-scheme-renamed")
SECURITY_SCHEME_TYPE_CHANGED: Final = RuleId("security-scheme-type-changed")
SECURITY_SCHEME_API_KEY_CHANGED: Final = RuleId("security-scheme-api-key-changed")
SECURITY_SCHEME_OAUTH_URL_CHANGED: Final = RuleId("security-scheme-oauth-url-changed")
SECURITY_SCHEME_TOKEN_URL_CHANGED: Final = RuleId("security-scheme-token-url-changed")
SECURITY_SCHEME_OPENID_URL_CHANGED: Final = RuleId("security-scheme-openid-url-changed")
SECURITY_SCHEME_FLOW_ADDED: Final = RuleId("security-scheme-flow-added")
SECURITY_SCHEME_FLOW_REMOVED: Final = RuleId("security-scheme-flow-removed")
SECURITY_SCHEME_SCOPE_ADDED: Final = RuleId("security-scheme-scope-added")
SECURITY_SCHEME_SCOPE_REMOVED: Final = RuleId("security-scheme-scope-removed")
SECURITY_SCHEME_SCOPE_CHANGED: Final = RuleId("security-scheme-scope-changed")

# -- oas32 rules --------------------------------------------------------------------------------

REQUEST_MEDIA_TYPE_ITEM_SCHEMA_ADDED: Final = RuleId("request-media-type-item-schema-added")
REQUEST_MEDIA_TYPE_ITEM_SCHEMA_REMOVED: Final = RuleId("request-media-type-item-schema-removed")
RESPONSE_MEDIA_TYPE_ITEM_SCHEMA_ADDED: Final = RuleId("response-media-type-item-schema-added")
RESPONSE_MEDIA_TYPE_ITEM_SCHEMA_REMOVED: Final = RuleId("response-media-type-item-schema-removed")
RESPONSE_NON_SUCCESS_MEDIA_TYPE_ITEM_SCHEMA_REMOVED: Final = RuleId(
    "response-non-success-media-type-item-schema-removed"
)
SECURITY_SCHEME_DEPRECATED: Final = RuleId("security-scheme-deprecated")
SECURITY_SCHEME_DEPRECATION_WITHDRAWN: Final = RuleId("security-scheme-deprecation-withdrawn")
SECURITY_SCHEME_DEVICE_AUTHORIZATION_URL_CHANGED: Final = RuleId(
    "security-scheme-device-authorization-url-changed"
)
SECURITY_SCHEME_OAUTH2_METADATA_URL_CHANGED: Final = RuleId(
    "security-scheme-oauth2-metadata-url-changed"
)
SECURITY_SCHEME_OAUTH2_METADATA_URL_ADDED: Final = RuleId(
    "security-scheme-oauth2-metadata-url-added"
)

# -- callbacks rules ----------------------------------------------------------------------------

CALLBACK_ADDED: Final = RuleId("callback-added")
CALLBACK_REMOVED: Final = RuleId("callback-removed")
CALLBACK_REQUEST_PARAMETER_ADDED: Final = RuleId("callback-request-parameter-added")
CALLBACK_REQUEST_PARAMETER_REMOVED: Final = RuleId("callback-request-parameter-removed")
CALLBACK_REQUEST_PARAMETER_BECAME_OPTIONAL: Final = RuleId(
    "callback-request-parameter-became-optional"
)
CALLBACK_REQUEST_PARAMETER_BECAME_REQUIRED: Final = RuleId(
    "callback-request-parameter-became-required"
)
CALLBACK_REQUEST_BODY_ADDED: Final = RuleId("callback-request-body-added")
CALLBACK_REQUEST_BODY_REMOVED: Final = RuleId("callback-request-body-removed")
CALLBACK_REQUEST_BODY_BECAME_OPTIONAL: Final = RuleId("callback-request-body-became-optional")
CALLBACK_REQUEST_BODY_BECAME_REQUIRED: Final = RuleId("callback-request-body-became-required")
CALLBACK_REQUEST_MEDIA_TYPE_ADDED: Final = RuleId("callback-request-media-type-added")
CALLBACK_REQUEST_MEDIA_TYPE_REMOVED: Final = RuleId("callback-request-media-type-removed")
CALLBACK_RESPONSE_STATUS_ADDED: Final = RuleId("callback-response-status-added")
CALLBACK_RESPONSE_STATUS_REMOVED: Final = RuleId("callback-response-status-removed")
WEBHOOK_ADDED: Final = RuleId("webhook-added")
WEBHOOK_REMOVED: Final = RuleId("webhook-removed")

# -- api rules ----------------------------------------------------------------------------------

SERVER_REMOVED: Final = RuleId("server-removed")
SERVER_ADDED: Final = RuleId("server-added")
SERVER_VARIABLE_VALUE_REMOVED: Final = RuleId("server-variable-value-removed")
SERVER_VARIABLE_VALUE_ADDED: Final = RuleId("server-variable-value-added")
SERVER_VARIABLE_DEFAULT_CHANGED: Final = RuleId("server-variable-default-changed")
API_VERSION_DECREASED: Final = RuleId("api-version-decreased")
API_VERSION_NOT_BUMPED: Final = RuleId("api-version-not-bumped")
API_MAJOR_VERSION_NOT_BUMPED: Final = RuleId("api-major-version-not-bumped")

# -- schema rules -------------------------------------------------------------------------------

REQUEST_PROPERTY_RENAMED: Final = RuleId("request-property-renamed")
RESPONSE_PROPERTY_RENAMED: Final = RuleId("response-property-renamed")
REQUEST_PROPERTY_BECAME_READ_ONLY: Final = RuleId("request-property-became-read-only")
REQUEST_PROPERTY_BECAME_NOT_READ_ONLY: Final = RuleId("request-property-became-not-read-only")
REQUEST_PROPERTY_BECAME_WRITE_ONLY: Final = RuleId("request-property-became-write-only")
REQUEST_PROPERTY_BECAME_NOT_WRITE_ONLY: Final = RuleId("request-property-became-not-write-only")
RESPONSE_PROPERTY_BECAME_READ_ONLY: Final = RuleId("response-property-became-read-only")
RESPONSE_PROPERTY_BECAME_NOT_READ_ONLY: Final = RuleId("response-property-became-not-read-only")
RESPONSE_PROPERTY_BECAME_WRITE_ONLY: Final = RuleId("response-property-became-write-only")
RESPONSE_PROPERTY_BECAME_NOT_WRITE_ONLY: Final = RuleId("response-property-became-not-write-only")
REQUEST_READ_ONLY_PROPERTY_CHANGED: Final = RuleId("request-read-only-property-changed")
REQUEST_READ_ONLY_PROPERTY_ADDED: Final = RuleId("request-read-only-property-added")
REQUEST_READ_ONLY_PROPERTY_REMOVED: Final = RuleId("request-read-only-property-removed")
RESPONSE_WRITE_ONLY_PROPERTY_CHANGED: Final = RuleId("response-write-only-property-changed")
RESPONSE_WRITE_ONLY_PROPERTY_ADDED: Final = RuleId("response-write-only-property-added")
RESPONSE_WRITE_ONLY_PROPERTY_REMOVED: Final = RuleId("response-write-only-property-removed")
REQUEST_PARAMETER_PROPERTY_REMOVED: Final = RuleId("request-parameter-property-removed")
REQUEST_PARAMETER_PROPERTY_REQUIRED_ADDED: Final = RuleId(
    "request-parameter-property-required-added"
)
REQUEST_PARAMETER_PROPERTY_OPTIONAL_ADDED: Final = RuleId(
    "request-parameter-property-optional-added"
)
REQUEST_PARAMETER_PROPERTY_BECAME_REQUIRED: Final = RuleId(
    "request-parameter-property-became-required"
)
REQUEST_PARAMETER_PROPERTY_BECAME_OPTIONAL: Final = RuleId(
    "request-parameter-property-became-optional"
)
REQUEST_PARAMETER_PROPERTY_RENAMED: Final = RuleId("request-parameter-property-renamed")

# -- lifecycle rules ----------------------------------------------------------------------------

PATH_REMOVED_BEFORE_SUNSET: Final = RuleId("path-removed-before-sunset")
PATH_REMOVED_AFTER_SUNSET: Final = RuleId("path-removed-after-sunset")
OPERATION_REMOVED_BEFORE_SUNSET: Final = RuleId("operation-removed-before-sunset")
OPERATION_REMOVED_AFTER_SUNSET: Final = RuleId("operation-removed-after-sunset")
REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET: Final = RuleId("request-parameter-removed-before-sunset")
REQUEST_PARAMETER_REMOVED_AFTER_SUNSET: Final = RuleId("request-parameter-removed-after-sunset")
REQUEST_PROPERTY_REMOVED_BEFORE_SUNSET: Final = RuleId("request-property-removed-before-sunset")
REQUEST_PROPERTY_REMOVED_AFTER_SUNSET: Final = RuleId("request-property-removed-after-sunset")
RESPONSE_PROPERTY_REMOVED_BEFORE_SUNSET: Final = RuleId("response-property-removed-before-sunset")
RESPONSE_PROPERTY_REMOVED_AFTER_SUNSET: Final = RuleId("response-property-removed-after-sunset")
DEPRECATION_HEADERS_MISSING: Final = RuleId("deprecation-headers-missing")
DEPRECATION_HEADERS_INCONSISTENT: Final = RuleId("deprecation-headers-inconsistent")

# -- the versions policy's rules ----------------------------------------------------------------

VERSIONS_TOO_MANY_LIVE: Final = RuleId("versions-too-many-live")
VERSIONS_NO_STABLE: Final = RuleId("versions-no-stable")
VERSIONS_SUPERSEDED_NOT_DEPRECATED: Final = RuleId("versions-superseded-not-deprecated")
VERSIONS_STABLE_NOT_LATEST: Final = RuleId("versions-stable-not-latest")
VERSIONS_SUNSET_MISSING: Final = RuleId("versions-sunset-missing")
VERSIONS_SUNSET_TOO_SOON: Final = RuleId("versions-sunset-too-soon")
VERSIONS_DATES_INCONSISTENT: Final = RuleId("versions-dates-inconsistent")

# -- schema sites: schema_rule_id(SITE_…, ASPECT_…) ---------------------------------------------

SITE_REQUEST_PARAMETER: Final = SiteName("request-parameter")
SITE_REQUEST_PARAMETER_PROPERTY: Final = SiteName("request-parameter-property")
SITE_REQUEST_BODY: Final = SiteName("request-body")
SITE_REQUEST_PROPERTY: Final = SiteName("request-property")
SITE_RESPONSE_BODY: Final = SiteName("response-body")
SITE_RESPONSE_PROPERTY: Final = SiteName("response-property")
SITE_RESPONSE_HEADER: Final = SiteName("response-header")

# -- schema aspects -----------------------------------------------------------------------------

ASPECT_TYPE_CHANGED: Final = AspectName("type-changed")
ASPECT_TYPE_WIDENED: Final = AspectName("type-widened")
ASPECT_TYPE_NARROWED: Final = AspectName("type-narrowed")
ASPECT_FORMAT_ADDED: Final = AspectName("format-added")
ASPECT_FORMAT_REMOVED: Final = AspectName("format-removed")
ASPECT_FORMAT_CHANGED: Final = AspectName("format-changed")
ASPECT_FORMAT_WIDENED: Final = AspectName("format-widened")
ASPECT_FORMAT_NARROWED: Final = AspectName("format-narrowed")
ASPECT_BECAME_NULLABLE: Final = AspectName("became-nullable")
ASPECT_BECAME_NOT_NULLABLE: Final = AspectName("became-not-nullable")
ASPECT_ENUM_VALUE_REMOVED: Final = AspectName("enum-value-removed")
ASPECT_ENUM_VALUE_ADDED: Final = AspectName("enum-value-added")
ASPECT_BECAME_ENUM: Final = AspectName("became-enum")
ASPECT_ENUM_REMOVED: Final = AspectName("enum-removed")
ASPECT_X_EXTENSIBLE_ENUM_VALUE_REMOVED: Final = AspectName("x-extensible-enum-value-removed")
ASPECT_X_EXTENSIBLE_ENUM_VALUE_ADDED: Final = AspectName("x-extensible-enum-value-added")
ASPECT_CONST_ADDED: Final = AspectName("const-added")
ASPECT_CONST_REMOVED: Final = AspectName("const-removed")
ASPECT_CONST_CHANGED: Final = AspectName("const-changed")
ASPECT_DEFAULT_VALUE_ADDED: Final = AspectName("default-value-added")
ASPECT_DEFAULT_VALUE_REMOVED: Final = AspectName("default-value-removed")
ASPECT_DEFAULT_VALUE_CHANGED: Final = AspectName("default-value-changed")
ASPECT_MAX_DECREASED: Final = AspectName("max-decreased")
ASPECT_MAX_SET: Final = AspectName("max-set")
ASPECT_MAX_INCREASED: Final = AspectName("max-increased")
ASPECT_MIN_INCREASED: Final = AspectName("min-increased")
ASPECT_MIN_SET: Final = AspectName("min-set")
ASPECT_MIN_DECREASED: Final = AspectName("min-decreased")
ASPECT_MAX_LENGTH_DECREASED: Final = AspectName("max-length-decreased")
ASPECT_MAX_LENGTH_SET: Final = AspectName("max-length-set")
ASPECT_MAX_LENGTH_INCREASED: Final = AspectName("max-length-increased")
ASPECT_MIN_LENGTH_INCREASED: Final = AspectName("min-length-increased")
ASPECT_MIN_LENGTH_SET: Final = AspectName("min-length-set")
ASPECT_MIN_LENGTH_DECREASED: Final = AspectName("min-length-decreased")
ASPECT_MAX_ITEMS_DECREASED: Final = AspectName("max-items-decreased")
ASPECT_MAX_ITEMS_SET: Final = AspectName("max-items-set")
ASPECT_MAX_ITEMS_INCREASED: Final = AspectName("max-items-increased")
ASPECT_MIN_ITEMS_INCREASED: Final = AspectName("min-items-increased")
ASPECT_MIN_ITEMS_SET: Final = AspectName("min-items-set")
ASPECT_MIN_ITEMS_DECREASED: Final = AspectName("min-items-decreased")
ASPECT_MAX_PROPERTIES_DECREASED: Final = AspectName("max-properties-decreased")
ASPECT_MAX_PROPERTIES_SET: Final = AspectName("max-properties-set")
ASPECT_MAX_PROPERTIES_INCREASED: Final = AspectName("max-properties-increased")
ASPECT_MIN_PROPERTIES_INCREASED: Final = AspectName("min-properties-increased")
ASPECT_MIN_PROPERTIES_SET: Final = AspectName("min-properties-set")
ASPECT_MIN_PROPERTIES_DECREASED: Final = AspectName("min-properties-decreased")
ASPECT_MAX_CONTAINS_DECREASED: Final = AspectName("max-contains-decreased")
ASPECT_MAX_CONTAINS_SET: Final = AspectName("max-contains-set")
ASPECT_MAX_CONTAINS_INCREASED: Final = AspectName("max-contains-increased")
ASPECT_MIN_CONTAINS_INCREASED: Final = AspectName("min-contains-increased")
ASPECT_MIN_CONTAINS_SET: Final = AspectName("min-contains-set")
ASPECT_MIN_CONTAINS_DECREASED: Final = AspectName("min-contains-decreased")
ASPECT_MULTIPLE_OF_NARROWED: Final = AspectName("multiple-of-narrowed")
ASPECT_MULTIPLE_OF_WIDENED: Final = AspectName("multiple-of-widened")
ASPECT_MULTIPLE_OF_CHANGED: Final = AspectName("multiple-of-changed")
ASPECT_UNIQUE_ITEMS_ADDED: Final = AspectName("unique-items-added")
ASPECT_UNIQUE_ITEMS_REMOVED: Final = AspectName("unique-items-removed")
ASPECT_PATTERN_ADDED: Final = AspectName("pattern-added")
ASPECT_PATTERN_REMOVED: Final = AspectName("pattern-removed")
ASPECT_PATTERN_CHANGED: Final = AspectName("pattern-changed")
ASPECT_PATTERN_GENERALIZED: Final = AspectName("pattern-generalized")
ASPECT_PATTERN_SPECIALIZED: Final = AspectName("pattern-specialized")
ASPECT_ADDITIONAL_PROPERTIES_NARROWED: Final = AspectName("additional-properties-narrowed")
ASPECT_ADDITIONAL_PROPERTIES_WIDENED: Final = AspectName("additional-properties-widened")
ASPECT_UNEVALUATED_PROPERTIES_ADDED: Final = AspectName("unevaluated-properties-added")
ASPECT_UNEVALUATED_PROPERTIES_REMOVED: Final = AspectName("unevaluated-properties-removed")
ASPECT_PROPERTY_NAMES_ADDED: Final = AspectName("property-names-added")
ASPECT_PROPERTY_NAMES_REMOVED: Final = AspectName("property-names-removed")
ASPECT_PATTERN_PROPERTY_ADDED: Final = AspectName("pattern-property-added")
ASPECT_PATTERN_PROPERTY_REMOVED: Final = AspectName("pattern-property-removed")
ASPECT_DEPENDENT_REQUIRED_ADDED: Final = AspectName("dependent-required-added")
ASPECT_DEPENDENT_REQUIRED_REMOVED: Final = AspectName("dependent-required-removed")
ASPECT_DEPENDENT_SCHEMA_ADDED: Final = AspectName("dependent-schema-added")
ASPECT_DEPENDENT_SCHEMA_REMOVED: Final = AspectName("dependent-schema-removed")
ASPECT_PREFIX_ITEMS_ADDED: Final = AspectName("prefix-items-added")
ASPECT_PREFIX_ITEMS_REMOVED: Final = AspectName("prefix-items-removed")
ASPECT_CONTAINS_ADDED: Final = AspectName("contains-added")
ASPECT_CONTAINS_REMOVED: Final = AspectName("contains-removed")
ASPECT_UNEVALUATED_ITEMS_ADDED: Final = AspectName("unevaluated-items-added")
ASPECT_UNEVALUATED_ITEMS_REMOVED: Final = AspectName("unevaluated-items-removed")
ASPECT_IF_ADDED: Final = AspectName("if-added")
ASPECT_IF_REMOVED: Final = AspectName("if-removed")
ASPECT_IF_CHANGED: Final = AspectName("if-changed")
ASPECT_THEN_ADDED: Final = AspectName("then-added")
ASPECT_THEN_REMOVED: Final = AspectName("then-removed")
ASPECT_ELSE_ADDED: Final = AspectName("else-added")
ASPECT_ELSE_REMOVED: Final = AspectName("else-removed")
ASPECT_NOT_ADDED: Final = AspectName("not-added")
ASPECT_NOT_REMOVED: Final = AspectName("not-removed")
ASPECT_NOT_WIDENED: Final = AspectName("not-widened")
ASPECT_NOT_NARROWED: Final = AspectName("not-narrowed")
ASPECT_NOT_CHANGED: Final = AspectName("not-changed")
ASPECT_CONTENT_ENCODING_CHANGED: Final = AspectName("content-encoding-changed")
ASPECT_CONTENT_MEDIA_TYPE_CHANGED: Final = AspectName("content-media-type-changed")
ASPECT_CONTENT_SCHEMA_ADDED: Final = AspectName("content-schema-added")
ASPECT_CONTENT_SCHEMA_REMOVED: Final = AspectName("content-schema-removed")
ASPECT_ONE_OF_VARIANT_ADDED: Final = AspectName("one-of-variant-added")
ASPECT_ONE_OF_VARIANT_REMOVED: Final = AspectName("one-of-variant-removed")
ASPECT_ANY_OF_VARIANT_ADDED: Final = AspectName("any-of-variant-added")
ASPECT_ANY_OF_VARIANT_REMOVED: Final = AspectName("any-of-variant-removed")
ASPECT_BECAME_ONE_OF: Final = AspectName("became-one-of")
ASPECT_BECAME_ANY_OF: Final = AspectName("became-any-of")
ASPECT_WRAPPED_IN_ONE_OF: Final = AspectName("wrapped-in-one-of")
ASPECT_WRAPPED_IN_ANY_OF: Final = AspectName("wrapped-in-any-of")
ASPECT_ONE_OF_CONSTRAINT_ADDED: Final = AspectName("one-of-constraint-added")
ASPECT_ONE_OF_CONSTRAINT_REMOVED: Final = AspectName("one-of-constraint-removed")
ASPECT_ANY_OF_CONSTRAINT_ADDED: Final = AspectName("any-of-constraint-added")
ASPECT_ANY_OF_CONSTRAINT_REMOVED: Final = AspectName("any-of-constraint-removed")
ASPECT_ALL_OF_MEMBER_ADDED: Final = AspectName("all-of-member-added")
ASPECT_ALL_OF_MEMBER_REMOVED: Final = AspectName("all-of-member-removed")
ASPECT_DISCRIMINATOR_ADDED: Final = AspectName("discriminator-added")
ASPECT_DISCRIMINATOR_REMOVED: Final = AspectName("discriminator-removed")
ASPECT_DISCRIMINATOR_PROPERTY_CHANGED: Final = AspectName("discriminator-property-changed")
ASPECT_DISCRIMINATOR_MAPPING_ADDED: Final = AspectName("discriminator-mapping-added")
ASPECT_DISCRIMINATOR_MAPPING_REMOVED: Final = AspectName("discriminator-mapping-removed")
ASPECT_DISCRIMINATOR_MAPPING_CHANGED: Final = AspectName("discriminator-mapping-changed")
ASPECT_DISCRIMINATOR_DEFAULT_MAPPING_CHANGED: Final = AspectName(
    "discriminator-default-mapping-changed"
)

# -- lifecycle elements: lifecycle_rule_id(ELEMENT_…, LIFECYCLE_…) ------------------------------

ELEMENT_VERSION: Final = ElementName("version")
ELEMENT_OPERATION: Final = ElementName("operation")
ELEMENT_REQUEST_PARAMETER: Final = ElementName("request-parameter")
ELEMENT_REQUEST_PROPERTY: Final = ElementName("request-property")
ELEMENT_RESPONSE_PROPERTY: Final = ElementName("response-property")

# -- lifecycle aspects --------------------------------------------------------------------------

LIFECYCLE_DEPRECATED: Final = LifecycleAspectName("deprecated")
LIFECYCLE_DEPRECATED_SUNSET_MISSING: Final = LifecycleAspectName("deprecated-sunset-missing")
LIFECYCLE_SUNSET_TOO_SOON: Final = LifecycleAspectName("sunset-too-soon")
LIFECYCLE_SUNSET_MOVED_EARLIER: Final = LifecycleAspectName("sunset-moved-earlier")
LIFECYCLE_SUNSET_DELETED: Final = LifecycleAspectName("sunset-deleted")
LIFECYCLE_STATUS_DECREASED: Final = LifecycleAspectName("status-decreased")
LIFECYCLE_REACTIVATED: Final = LifecycleAspectName("reactivated")
LIFECYCLE_STATUS_ADVANCED: Final = LifecycleAspectName("status-advanced")
LIFECYCLE_RETIRED_BEFORE_SUNSET: Final = LifecycleAspectName("retired-before-sunset")
LIFECYCLE_LIFECYCLE_INVALID: Final = LifecycleAspectName("lifecycle-invalid")
