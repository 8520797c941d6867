import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from './user.entity.js';

/**
 * A refresh token, stored only as its hash. Rotated when used (its successor belongs to the same family, one
 * family per login); revoked with its whole family on logout or when a replay betrays a theft, and with every
 * family of the user on a password change or when the account is disabled.
 */
@Entity({ name: 'refresh_tokens' })
@Index('refresh_tokens_family', ['familyId'])
@Index('refresh_tokens_user', ['userId'])
export class RefreshToken {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'refresh_tokens_pkey' })
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'refresh_tokens_user_id_fkey' })
  user?: User;

  @Column('text', { name: 'token_hash', unique: true })
  tokenHash: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('uuid', { name: 'family_id' })
  familyId: string;

  /** When a successor was issued for it: presented again within the grace, it still works. */
  @Column('timestamptz', { name: 'rotated_at', nullable: true })
  rotatedAt: Date | null;

  /** When it became void for good. */
  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
