"""Who may call the API: API keys (hashed) and HTTP Basic users (argon2id), with cached checks."""

from financial.access.keys import KEY_PREFIX, KeyInfo, create_key, hash_key, key_owner, list_keys, revoke_key
from financial.access.names import AccessError, check_name
from financial.access.users import UserInfo, add_user, list_users, remove_user, user_verified

__all__ = [
    "KEY_PREFIX",
    "AccessError",
    "KeyInfo",
    "UserInfo",
    "add_user",
    "check_name",
    "create_key",
    "hash_key",
    "key_owner",
    "list_keys",
    "list_users",
    "remove_user",
    "revoke_key",
    "user_verified",
]
