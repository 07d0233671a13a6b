/**
 * The Python code the model-patch tests share: a SQLAlchemy commit whose failure path forgets the
 * rollback (forgotten-rollback, no template fix), and what a good model answer for it looks like.
 */
export const CREATE_USER = `def create_user(email):
    user = User(email=email)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        log.warning('duplicate signup for %s', email)
        return None
    return user
`;

/** A model's answer for forgotten-rollback, continuing the seeded start of the region. */
export const GOOD_ROLLBACK = "    except IntegrityError:\n        db.session.rollback()\n        log.warning('duplicate signup for %s', email)\n        return None\n    return user\n```";

/** `text` with the rollback the rule asks for. */
export const withRollback = (text: string): string => text.replace('    except IntegrityError:\n', '    except IntegrityError:\n        db.session.rollback()\n');
